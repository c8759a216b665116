import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Runs a command to completion, optionally as another user (via `runuser`), and returns its output.
///
/// Uses `posix_spawn` + `waitpid` rather than Foundation's `Process`, whose exit monitoring can miss a
/// child that leaves a daemon behind (`pg_ctl start`).
struct ProcessRunner: Sendable {
    struct Result: Sendable {
        var status: Int32
        var output: String
    }

    struct SpawnFailed: Error, CustomStringConvertible {
        let executable: String
        let errno: Int32
        var description: String { "could not run \(executable): \(String(cString: strerror(errno)))" }
    }

    /// The user to run as (`postgres` when we are root), or `nil` to run as ourselves.
    var runAsUser: String?
    /// Variables added to this process's environment for the command (a password, say: never in argv).
    var environment: [String: String] = [:]

    @discardableResult
    func run(_ executable: String, _ arguments: [String]) throws -> Result {
        let argv =
            runAsUser.map { ["/usr/sbin/runuser", "-u", $0, "--", executable] + arguments }
            ?? [executable] + arguments
        // Output goes to a file, not a pipe: a daemon started by the command could hold a pipe open.
        let outputPath = NSTemporaryDirectory() + "parkdesk-\(UUID().uuidString).out"
        defer { unlink(outputPath) }

        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, outputPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        // nothing else of ours goes with it: a PostgreSQL started by `pg_ctl` lives on, and a pipe of a photo's
        // libvips run that it inherited (spawned at the same moment) never reached its end, so that upload hung
        Self.closeFrom?(&actions, 3)

        var cArguments = argv.map { strdup($0) } + [nil]
        defer { cArguments.forEach { free($0) } }
        var variables = ProcessInfo.processInfo.environment.merging(environment) { $1 }.map { strdup("\($0)=\($1)") }
        variables.append(nil)
        defer { variables.forEach { free($0) } }
        var pid: pid_t = 0
        let spawned = posix_spawn(&pid, argv[0], &actions, nil, &cArguments, &variables)
        guard spawned == 0 else { throw SpawnFailed(executable: argv[0], errno: spawned) }

        var status: Int32 = 0
        while waitpid(pid, &status, 0) == -1 && errno == EINTR {}
        let output = (try? String(contentsOfFile: outputPath, encoding: .utf8)) ?? ""
        let exitCode = (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
        return Result(status: exitCode, output: output)
    }

    /// glibc's `posix_spawn_file_actions_addclosefrom_np` (2.34 and later), looked up by name: Swift's Glibc module
    /// does not declare it.
    static let closeFrom: (@convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32)? = {
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "posix_spawn_file_actions_addclosefrom_np")
        else { return nil }
        return unsafeBitCast(
            symbol, to: (@convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32).self)
    }()
}
