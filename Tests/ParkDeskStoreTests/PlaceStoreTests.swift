import Foundation
import PostgresNIO
import Testing
import ParkDeskCore
import ParkDeskTestSupport
@testable import ParkDeskStore
import ParkDeskSeed

@Suite struct PlaceStoreTests {
    /// Public pages see a park as read at most 30 s ago; staff reads are exact.
    @Test func publicParksAreReadOnceThenKeptWhileStaffReadsAreExact() async throws {
        let config = try await TestDatabase.shared.fresh("parks")
        try await withClient(config) { client in
            _ = try await Database(client: client, logger: TestDatabase.logger).demoData.load(actor: "test")
            let places = Database(client: client, logger: TestDatabase.logger).places
            let exact = try await places.park("湘潭经开区")
            let shown = try await places.publicPark(id: exact.id)
            #expect(shown == exact && shown.activeListings > 0)
            try await client.query("UPDATE listings SET status = 'withdrawn' WHERE park_id = \(exact.id)")
            #expect(try await places.publicPark(id: exact.id).activeListings == exact.activeListings)
            #expect(try await places.park(String(exact.id)).activeListings == 0)
            await #expect(throws: NotFound.self) { try await places.publicPark(id: 999_999) }
        }
    }
}

/// The place names the text parser reads come from the migrations and the parks staff add.
@Suite struct PlaceNamesTests {
    @Test func theMigrationsNamesReadAsTheirDistrictsAndParks() async throws {
        let config = try await TestDatabase.shared.fresh("place_names")
        try await withClient(config) { client in
            let places = Database(client: client, logger: TestDatabase.logger).places
            let parser = try await places.textParser()
            for (words, key) in [
                ("易俗河", "xiangtan-county"), ("天易", "xiangtan-county"), ("九华", "xiangtan-etdz"), ("昭山", "yuetang"),
                ("郴州经开区", "chenzhou-etdz"), ("临武县", "linwu"), ("临武", "linwu"), ("花石镇", "xiangtan-county"),
            ] {
                #expect(parser.listing(words + "厂房3000平出租").draft.district == key, "\(words)")
            }
            let park = parser.listing("天易经开区厂房3000平出租").draft
            #expect(park.park == "湘潭天易经开区" && park.district == "xiangtan-county")
            #expect(parser.listing("湘潭厂房3000平出租").draft.district == nil)
            let need = parser.need("王总,做工程机械的,要3000到5000平的厂房,最好湘潭县或九华").draft
            #expect(need.districts == ["xiangtan-county", "xiangtan-etdz"])
            // a park added by staff is known at once to the store that added it
            _ = try await places.addPark(ParkDraft(name: "鹤岭智造产业园", district: "雨湖区"), actor: "test")
            #expect(try await places.textParser().listing("鹤岭智造产业园厂房").draft.park == "鹤岭智造产业园")
            #expect(try await places.parks().count == 17)
        }
    }
}
