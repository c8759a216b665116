import ArgumentParser
import Foundation
import ParkDeskCore
import ParkDeskStore

/// `parkdesk park …`: industrial parks (园区).
struct ParkCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "park", abstract: "Add, list and show industrial parks (园区).",
        subcommands: [ParkAdd.self, ParkList.self, ParkShow.self])
}

struct ParkAdd: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "add", abstract: "Add an industrial park.",
        discussion:
            "Example:\n  parkdesk park add --name 湘潭经开区 --district xiangtan-etdz --address 九华大道 --latitude 27.95 "
            + "--longitude 112.87"
    )

    @OptionGroup var global: GlobalOptions
    @Option(help: "Name, 2–60 characters, unique.") var name: String?
    @Option(help: "District key, name or alias.") var district: String?
    @Option(help: "Address.") var address: String?
    @Option(help: "Latitude.") var latitude: Double?
    @Option(help: "Longitude.") var longitude: Double?
    @Option(help: "Description.") var description: String?

    func run() async throws {
        let draft = ParkDraft(
            name: name, district: district, address: address, latitude: latitude,
            longitude: longitude, description: description)
        let park = try await global.withDatabase { database in
            try await database.places.addPark(draft, actor: CLIContext.actor)
        }
        CLIContext.print("added park \(park.id) \(park.name)")
    }
}

struct ParkList: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list", abstract: "List parks with their public listing counts.",
        discussion: "Example:\n  parkdesk park list --json")

    @OptionGroup var global: GlobalOptions
    @Flag(help: "Print a JSON array.") var json = false

    func run() async throws {
        let parks = try await global.withDatabase { database in
            try await database.places.parks()
        }
        if json {
            CLIContext.print(try ListingJSON.text(parks))
        } else {
            CLIContext.print(
                (["编号\t园区\t区县\t在架房源"] + parks.map { "\($0.id)\t\($0.name)\t\($0.district)\t\($0.activeListings)" })
                    .joined(separator: "\n"))
        }
    }
}

struct ParkShow: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show", abstract: "Show one park by id or name.",
        discussion: "Example:\n  parkdesk park show 湘潭经开区")

    @OptionGroup var global: GlobalOptions
    @Argument(help: "Park id or name.") var park: String
    @Flag(help: "Print JSON.") var json = false

    func run() async throws {
        let found = try await global.withDatabase { [park] database in
            try await database.places.park(park)
        }
        if json { CLIContext.print(try ListingJSON.text(found)); return }
        CLIContext.print(
            """
            编号 id: \(found.id)
            园区 park: \(found.name)
            区县 district: \(found.district)
            地址 address: \(found.address)
            坐标 location: \(found.latitude.map { "\($0), \(found.longitude ?? 0)" } ?? "—")
            在架房源 active listings: \(found.activeListings)
            介绍 description: \(found.description)
            """)
    }
}
