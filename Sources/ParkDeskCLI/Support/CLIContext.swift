import Foundation
import Synchronization
import ParkDeskCore

/// What a command reads from and writes to its surroundings; tests replace both per task.
public enum CLIContext {
    /// The environment commands read `DATABASE_URL` and friends from.
    @TaskLocal public static var environment: [String: String] = ProcessInfo.processInfo.environment
    /// Where command output goes; `nil` means standard output.
    @TaskLocal public static var output: OutputBuffer?
    /// Answers to the questions commands ask (tests); `nil` means standard input.
    @TaskLocal public static var answers: Answers?

    static func print(_ line: String) {
        if let output { output.append(line + "\n") } else { Swift.print(line) }
    }

    /// A note for the person at the terminal, on standard error (kept out of captured output).
    static func printError(_ line: String) {
        guard output == nil else { return }
        FileHandle.standardError.write(Data((line + "\n").utf8))
    }

    /// Asks a question on standard error and reads the answer; `nil` at the end of input.
    static func ask(_ question: String) -> String? {
        if let answers { return answers.next() }
        FileHandle.standardError.write(Data(question.utf8))
        return readLine()
    }

    static var actor: String {
        environment["PARKDESK_ACTOR"] ?? environment["SUDO_USER"] ?? environment["USER"] ?? "cli"
    }
}

/// Collects command output in memory (for tests).
public final class OutputBuffer: Sendable {
    private let text = Mutex("")

    public init() {}

    func append(_ piece: String) {
        text.withLock { $0 += piece }
    }

    public var contents: String {
        text.withLock { $0 }
    }
}

/// Answers given in advance, one per question (for tests).
public final class Answers: Sendable {
    private let pending: Mutex<[String]>

    public init(_ answers: [String]) {
        pending = Mutex(answers)
    }

    func next() -> String? {
        pending.withLock { $0.isEmpty ? nil : $0.removeFirst() }
    }
}

/// A one-line reason for the user; printed as `Error: …` with a non-zero exit.
struct CLIError: Error, CustomStringConvertible {
    let description: String

    init(_ description: String) {
        self.description = description
    }

    /// Field errors in the CLI's words: the flag that is wrong and the rule.
    init(_ failure: ValidationFailed) {
        description = failure.errors.map { error in
            "\(Self.flags[error.field] ?? error.flagName): \(error.message)"
        }.joined(separator: "; ")
    }

    /// Fields whose flag is not simply their kebab-case name.
    static let flags = [
        "priceAmount": "--price", "contactName": "--contact", "intendedUse": "--use", "expectedTax": "--tax",
        "minCraneTons": "--crane", "needText": "--need", "listingRef": "--listing", "note": "TEXT",
    ]
}
