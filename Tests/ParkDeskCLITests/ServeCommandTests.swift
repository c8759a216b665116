import Testing

/// `parkdesk serve`'s settings refused before anything starts (its run is tested as a process in
/// ServeProcessTests, and with a read replica in ReadReplicaTests).
@Suite struct ServeCommandTests {
    @Test(arguments: ["mysql://replica/parkdesk", "postgres://replica/parkdesk?sslmode=sometimes"])
    func aBadReadReplicaAddressIsNamed(url: String) async throws {
        var cli = try await CLIHarness.make("serve-replica")
        cli.extra = ["PARKDESK_READ_DATABASE_URL": url]
        let message = try #require(await cli.failure("serve", "--port", "0"))
        #expect(message.contains("PARKDESK_READ_DATABASE_URL") && !message.contains("\n"), "\(message)")
    }
}
