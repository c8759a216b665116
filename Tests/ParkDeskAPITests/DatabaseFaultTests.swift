import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import OpenAPIRuntime
@testable import ParkDeskAPI
@testable import ParkDeskApp
import ParkDeskCore
@testable import ParkDeskStore
import ParkDeskTestSupport
import PostgresNIO
import Synchronization
import Testing

/// The database away, slow or refusing: requests answer 503 + Retry-After in seconds, never 500, never hang.
@Suite struct DatabaseFaultTests {
    /// A database nobody listens on.
    static var absent: PostgresClient.Configuration {
        PostgresClient.Configuration(
            unixSocketPath: NSTemporaryDirectory() + "parkdesk-nobody-\(UUID().uuidString.prefix(8))",
            username: "postgres", password: nil, database: "none"
        )
        .connecting(within: 500)
    }

    @Test func withTheDatabaseAwayEveryDatabaseRequestIsA503WithinSeconds() async throws {
        let client = PostgresClient(configuration: Self.absent, backgroundLogger: TestDatabase.logger)
        let app = try buildApplication(
            configuration: .init(port: 0, corsOrigins: ["https://www.xtzs.gov.cn"]), pool: DatabasePool(client: client),
            migrator: Migrator(logger: TestDatabase.logger), migrateOnStart: false,
            logger: TestDatabase.logger)
        try await app.test(.router) { client in
            let started = ContinuousClock.now
            for path in ["/readyz", "/api/v1/listings", "/api/v1/districts"] {
                try await client.execute(uri: path, method: .get) { response in
                    #expect(response.status == .serviceUnavailable, "\(path)")
                    #expect(response.headers[.retryAfter] != nil, "\(path)")
                    #expect(response.headers[.contentType]?.hasPrefix("application/problem+json") == true)
                }
            }
            try await client.execute(
                uri: "/api/v1/leads", method: .post, headers: [.contentType: "application/json"],
                body: ByteBuffer(string: LeadCaptureAPITests.inquiry())
            ) { response in
                #expect(response.status == .serviceUnavailable)
            }
            #expect(ContinuousClock.now - started < .seconds(20))
            // a browser on an allowed origin can read the 503 (and its request id); its preflight still succeeds
            let origin: HTTPFields = [.origin: "https://www.xtzs.gov.cn", .requestID: "fault-1"]
            try await client.execute(uri: "/api/v1/listings", method: .get, headers: origin) { response in
                #expect(response.status == .serviceUnavailable)
                #expect(response.headers[.accessControlAllowOrigin] == "https://www.xtzs.gov.cn")
                #expect(response.headers[HTTPField.Name("X-Request-Id")!] == "fault-1")
            }
            let preflight: HTTPFields = [.origin: "https://www.xtzs.gov.cn", .accessControlRequestMethod: "POST"]
            try await client.execute(uri: "/api/v1/leads", method: .options, headers: preflight) { response in
                #expect(response.status == .noContent)
            }
            try await client.execute(uri: "/healthz", method: .get) { response in
                #expect(response.status == .ok)
            }
        }
    }

    @Test func theMonitorNoticesAnAbsentDatabaseWithinItsTimeout() async throws {
        let client = PostgresClient(configuration: Self.absent, backgroundLogger: TestDatabase.logger)
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { await client.run() }
            let monitor = DatabaseMonitor(client: client, logger: TestDatabase.logger, timeout: .seconds(1))
            let started = ContinuousClock.now
            #expect(await monitor.check() == false)
            // a refused connection fails at once; the bound is loose: with two test runs sharing 2 cores this took 6 s
            #expect(ContinuousClock.now - started < .seconds(15))
            #expect(monitor.unavailableReason != nil)
            group.cancelAll()
        }
    }

    @Test func aDeadlineAnswersEvenWhenTheWorkIgnoresCancellation() async throws {
        let started = ContinuousClock.now
        await #expect(throws: Deadline.Exceeded.self) {
            try await Deadline.run(within: .milliseconds(200)) {
                // work that cannot be cancelled: a continuation resumed only much later
                await withCheckedContinuation { (done: CheckedContinuation<Void, Never>) in
                    DispatchQueue.global().asyncAfter(deadline: .now() + 60) { done.resume() }
                }
                return 1
            }
        }
        // well before the work ends (other suites share the two cores, so not to the millisecond)
        #expect(ContinuousClock.now - started < .seconds(20))
        #expect(try await Deadline.run(within: .seconds(5)) { 42 } == 42)
    }

    /// After a `pg_ctl restart` requests waited out their whole 7 s deadline (issue 29): PostgresNIO never answers a
    /// statement written to a connection closing at that instant. Work watched for a condition is given up at the
    /// first check after it holds, though the work itself ignores cancellation.
    @Test func workWatchedForAConditionIsGivenUpWhenItHolds() async throws {
        let started = ContinuousClock.now
        let lost = Mutex(false)
        DispatchQueue.global().asyncAfter(deadline: .now() + 0.3) { lost.withLock { $0 = true } }
        await #expect(throws: Deadline.GivenUp.self) {
            try await Deadline.run(checkingEvery: .milliseconds(200), givingUpWhen: { lost.withLock { $0 } }) {
                await withCheckedContinuation { (done: CheckedContinuation<Void, Never>) in
                    DispatchQueue.global().asyncAfter(deadline: .now() + 20) { done.resume() }
                }
                return 1
            }
        }
        #expect(ContinuousClock.now - started >= .milliseconds(300))
        #expect(ContinuousClock.now - started < .seconds(10))
        // work that ends first is answered, whatever the condition does later
        #expect(try await Deadline.run(checkingEvery: .seconds(5), givingUpWhen: { true }) { 42 } == 42)
    }

    /// A statement still waiting a second after a lost connection is given up: a read is sent once more, a write
    /// answers "unavailable" (it may have reached the server).
    @Test(arguments: [true, false])
    func aStatementWaitingPastALostConnectionIsGivenUp(readOnly: Bool) async throws {
        let client = PostgresClient(
            configuration: .init(unixSocketPath: "/nonexistent", username: "x", password: nil, database: "x"))
        let calls = Mutex(0)
        let answer = Task {
            try await DatabaseActivity.answer(from: client, readOnly: readOnly) {
                let call = calls.withLock {
                    $0 += 1; return $0
                }
                if call == 1 {  // never answered, as a statement written to a closing connection
                    await withCheckedContinuation { (done: CheckedContinuation<Void, Never>) in
                        DispatchQueue.global().asyncAfter(deadline: .now() + 20) { done.resume() }
                    }
                }
                return call
            }
        }
        while calls.withLock({ $0 }) == 0 { try await Task.sleep(for: .milliseconds(10)) }
        DatabaseActivity.noteLostConnection(of: client)
        if readOnly {
            #expect(try await answer.value == 2)
        } else {
            await #expect(throws: DatabaseFault.unavailable) { try await answer.value }
            #expect(calls.withLock { $0 } == 1)
        }
    }

    /// A shutdown past its grace period cancels the requests in progress: one whose work ignores cancellation must
    /// still end at once, not at its deadline (or never), or the server waits for it.
    @Test func aCancelledCallerEndsAtOnceWhenTheWorkIgnoresCancellation() async throws {
        let started = ContinuousClock.now
        let caller = Task {
            try await Deadline.run(within: .seconds(60)) {
                await withCheckedContinuation { (done: CheckedContinuation<Void, Never>) in
                    DispatchQueue.global().asyncAfter(deadline: .now() + 90) { done.resume() }
                }
                return 1
            }
        }
        try await Task.sleep(for: .milliseconds(100))
        caller.cancel()
        await #expect(throws: CancellationError.self) { try await caller.value }
        // well before the work (90 s) or the deadline (60 s) would end it, on however busy a machine
        #expect(ContinuousClock.now - started < .seconds(20))
        // already cancelled when it starts: ends at once too
        let late = Task {
            withUnsafeCurrentTask { $0?.cancel() }
            return try await Deadline.run(within: .seconds(60)) { try await Task.sleep(for: .seconds(90)) }
        }
        await #expect(throws: CancellationError.self) { try await late.value }
        #expect(ContinuousClock.now - started < .seconds(30))
    }

    @Test(arguments: [
        ("57P01", DatabaseFault.unavailable), ("57P02", .unavailable), ("57P03", .unavailable), ("53300", .unavailable),
        ("25006", .unavailable), ("08006", .unavailable), ("40001", .unavailable), ("57014", .timedOut),
        ("22021", .unstorableText),
    ])
    func sqlStatesThatMeanTheDatabaseIsAwayAre503(state: String, fault: DatabaseFault) {
        #expect(DatabaseFault.classify(sqlState: state) == fault)
        let problem = ErrorMapping.problem(for: fault)
        #expect(problem?.status == (fault == .unstorableText ? 400 : 503))
        if fault != .unstorableText { #expect(problem?.response().headers[.retryAfter] == "5") }
    }

    @Test func anUnrelatedSQLStateIsNotAFault() {
        #expect(DatabaseFault.classify(sqlState: "23505") == nil)
        #expect(DatabaseFault.classify(sqlState: "42601") == nil)
    }

    /// A keyed post whose transaction died (its connection killed, as by a database restart) leaves no claim:
    /// the retry is served at once, not 409 for a minute.
    @Test func anIdempotencyKeyIsFreeAsSoonAsItsTransactionDies() async throws {
        let f = try await APIFixture.make("fault-idem", demo: false)
        let key: HTTPFields = [HTTPField.Name("Idempotency-Key")!: "form-dies-1"]
        try await withClient(f.config) { holder in
            try await holder.withConnection { connection in
                try await connection.query("BEGIN")
                try await connection.query(
                    "SELECT pg_advisory_xact_lock(hashtextextended('idempotency:' || 'form-dies-1', 0))")
                try await f.test(configuration: LeadCaptureAPITests.noLimit) { client in
                    let busy = try await client.call(
                        "/api/v1/leads", method: .post, headers: key,
                        json: LeadCaptureAPITests.inquiry())
                    #expect(busy.status == .conflict)
                    #expect(busy.headers[.retryAfter] == "1")
                }
                _ = try? await connection.query("ROLLBACK")
            }
        }
        try await f.test(configuration: LeadCaptureAPITests.noLimit) { client in
            let served = try await client.call(
                "/api/v1/leads", method: .post, headers: key, json: LeadCaptureAPITests.inquiry())
            #expect(served.status == .created)
            let replay = try await client.call(
                "/api/v1/leads", method: .post, headers: key, json: LeadCaptureAPITests.inquiry())
            #expect(replay.headers[HTTPField.Name("Idempotent-Replayed")!] == "true")
        }
        #expect(try await f.count("SELECT count(*)::int FROM leads") == 1)
    }
}

/// The CSV export's stream: a failure before its first chunk is thrown (a problem answer), not a broken body.
@Suite struct ExportStreamTests {
    @Test func aFailureBeforeTheFirstChunkIsThrown() async throws {
        await #expect(throws: DatabaseFault.unavailable) {
            _ = try await ExportStream.body { _ in throw DatabaseFault.unavailable }
        }
    }

    @Test func everyChunkArrivesInOrder() async throws {
        let body = try await ExportStream.body { sink in
            for piece in ["线索编号,ref\r\n", "LD-2026-000001\r\n", "LD-2026-000002\r\n"] {
                try await sink(ByteBuffer(string: piece))
            }
        }
        var text = ""
        for try await chunk in body { text += String(decoding: chunk, as: UTF8.self) }
        #expect(text == "线索编号,ref\r\nLD-2026-000001\r\nLD-2026-000002\r\n")
    }
}
