import Dispatch
import ParkDeskCLI

// The command runs on Swift's cooperative threads while the main thread waits, instead of top-level `await`, whose
// `dispatch_main` valgrind cannot run (bench/callgrind.py counts the server's instructions under it).
let finished = DispatchSemaphore(value: 0)
Task.detached {
    await ParkDeskCommand.runMain()
    finished.signal()
}
finished.wait()
