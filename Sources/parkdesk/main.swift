import ParkDeskCLI

await ParkDeskCommand.runMain()
