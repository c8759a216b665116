import Foundation
import OpenAPIRuntime
import ParkDeskCore
import ParkDeskMedia
import ParkDeskOpenAPI
import ParkDeskStore
import ParkDeskIntake

/// Implements the operations of `openapi.yaml`; each handler translates and delegates, nothing more.
/// Errors thrown here become problem+json in `ProblemMiddleware`.
struct APIHandlers: APIProtocol {
    let health: Readiness
    let listings: ListingStore
    let search: ListingSearch
    let places: PlaceStore
    /// The stores public reads use: on the read replica while it is in use.
    let publicReads: PublicReads
    let leads: LeadStore
    let leadExport: LeadExport
    let intake: LeadIntake
    let media: MediaLibrary
    /// The public search's summaries and the public details as JSON, kept while unchanged.
    let fragments: SummaryFragments
    let details: DetailFragments
    let reports: ReportStore

    // MARK: - ops

    func getHealth(_ input: Operations.GetHealth.Input) async throws -> Operations.GetHealth.Output {
        .ok(.init(body: .json(.init(status: .ok))))
    }

    func getReadiness(_ input: Operations.GetReadiness.Input) async throws -> Operations.GetReadiness.Output {
        if let reason = await health.notReadyReason() { throw Problem.unavailable(reason) }
        let reads = health.reads.map { source, lag -> Components.Schemas.Readiness.ReadsPayload in
            let lagSeconds = lag.map(ReadReplica.seconds)
            return switch source {
            case .replica: .init(source: .replica, lagSeconds: lagSeconds)
            case .primary(let because): .init(source: .primary, reason: because, lagSeconds: lagSeconds)
            }
        }
        return .ok(.init(body: .json(.init(status: .ready, reads: reads))))
    }

    // MARK: - public listings and places

    func searchListings(_ input: Operations.SearchListings.Input) async throws -> Operations.SearchListings.Output {
        .ok(.init(body: .json(try Self.generated(try await searchPage(try input.query.searchInput())))))
    }

    /// The public search page as JSON (also answered by `HotReadsMiddleware` without the generated server).
    func searchPage(_ input: ListingSearchInput) async throws -> [UInt8] {
        let query = try input.query(publicOnly: true, parser: try await places.textParser())
        return try await publicReads.search.read { try await fragments.page(query, search: $0) }
    }

    func getListing(_ input: Operations.GetListing.Input) async throws -> Operations.GetListing.Output {
        .ok(.init(body: .json(try Self.generated(try await detail(ref: input.path.ref)))))
    }

    /// A hot read's JSON as the generated type, for a request `HotReadsMiddleware` left to the generated server.
    static func generated<T: Decodable>(_ bytes: [UInt8]) throws -> T {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return try decoder.decode(T.self, from: Data(bytes))
    }

    /// A public listing's detail as JSON (also answered by `HotReadsMiddleware` without the generated server).
    func detail(ref path: String) async throws -> [UInt8] {
        try await details.detail(ref: try Self.checkedRef(path).uppercased(), shownAs: path, reads: publicReads)
    }

    func listParks(_ input: Operations.ListParks.Input) async throws -> Operations.ListParks.Output {
        .ok(
            .init(
                body: .json(
                    .init(items: try await publicReads.places.read { try await $0.parks() }.map(PlaceMapping.park)))))
    }

    func getPark(_ input: Operations.GetPark.Input) async throws -> Operations.GetPark.Output {
        let id = try Self.checkedParkID(input.path.id)
        return .ok(
            .init(body: .json(try PlaceMapping.park(try await publicReads.places.read { try await $0.park(id) }))))
    }

    func listDistricts(_ input: Operations.ListDistricts.Input) async throws -> Operations.ListDistricts.Output {
        .ok(
            .init(
                body: .json(
                    .init(
                        items: try await publicReads.places.read { try await $0.districts() }.map(PlaceMapping.district)
                    ))))
    }

    func getEnums(_ input: Operations.GetEnums.Input) async throws -> Operations.GetEnums.Output {
        .ok(.init(body: .json(PlaceMapping.enums())))
    }

    // MARK: - admin listings

    func adminSearchListings(
        _ input: Operations.AdminSearchListings.Input
    ) async throws -> Operations.AdminSearchListings.Output {
        _ = try RequestScope.require(.readListings)
        let query = try input.query.searchInput().query(publicOnly: false, parser: try await places.textParser())
        let page = try await search.search(query, publicOnly: false)
        return .ok(.init(body: .json(try ListingMapping.page(page, query))))
    }

    func createListing(_ input: Operations.CreateListing.Input) async throws -> Operations.CreateListing.Output {
        let token = try RequestScope.require(.writeListings)
        let body =
            switch input.body {
            case .json(let body): body
            }
        let status: ListingStatus = body.status == .active ? .active : .draft
        let draft = try ListingMapping.draft(from: body)
        if token.role == .park {
            let park = try await draft.park.asyncMap { try await places.park($0).id }
            try Self.mayEdit(parkID: park, token)
        }
        let listing = try await listings.create(draft, status: status, actor: token.actor)
        return .created(
            .init(
                headers: .init(eTag: Self.eTag(listing), location: "/api/v1/admin/listings/\(listing.ref)"),
                body: .json(try await adminDetail(listing))))
    }

    func adminGetListing(_ input: Operations.AdminGetListing.Input) async throws -> Operations.AdminGetListing.Output {
        _ = try RequestScope.require(.readListings)
        let listing = try await findListing(input.path.ref)
        return .ok(.init(headers: .init(eTag: Self.eTag(listing)), body: .json(try await adminDetail(listing))))
    }

    func updateListing(_ input: Operations.UpdateListing.Input) async throws -> Operations.UpdateListing.Output {
        let token = try RequestScope.require(.writeListings)
        let body =
            switch input.body {
            case .json(let body): body
            }
        let patch = try ListingMapping.draft(from: body)
        guard !patch.setFields.isEmpty else {
            throw Problem.badRequest(field: "body", "give at least one field to change")
        }
        let expected = try ListingVersionPrecondition(header: RequestScope.ifMatch).requiredVersion()
        let current = try await editableListing(input.path.ref, token)
        do {
            let listing = try await listings.update(
                ref: current.ref, patch: patch, expectedVersion: expected, actor: token.actor)
            return .ok(.init(headers: .init(eTag: Self.eTag(listing)), body: .json(try await adminDetail(listing))))
        } catch let conflict as VersionConflict {
            throw ListingVersionPrecondition.stale(conflict)
        }
    }

    func changeListingStatus(
        _ input: Operations.ChangeListingStatus.Input
    ) async throws -> Operations.ChangeListingStatus.Output {
        let token = try RequestScope.require(.writeListings)
        let body =
            switch input.body {
            case .json(let body): body
            }
        let current = try await editableListing(input.path.ref, token)
        let listing = try await listings.changeStatus(
            ref: current.ref, to: try EnumMapping.convert(body.status),
            note: body.note ?? "", actor: token.actor)
        return .ok(.init(headers: .init(eTag: Self.eTag(listing)), body: .json(try await adminDetail(listing))))
    }

    // MARK: - admin parks

    func createPark(_ input: Operations.CreatePark.Input) async throws -> Operations.CreatePark.Output {
        let token = try RequestScope.require(.manageParks)
        let body =
            switch input.body {
            case .json(let body): body
            }
        let park = try await places.addPark(
            ParkDraft(
                name: body.name, district: body.district, address: body.address, latitude: body.latitude,
                longitude: body.longitude, description: body.description), actor: token.actor)
        return .created(
            .init(headers: .init(location: "/api/v1/parks/\(park.id)"), body: .json(try PlaceMapping.park(park))))
    }

    func updatePark(_ input: Operations.UpdatePark.Input) async throws -> Operations.UpdatePark.Output {
        let token = try RequestScope.require(.manageParks)
        let body =
            switch input.body {
            case .json(let body): body
            }
        let patch = ParkDraft(
            name: body.name, district: body.district, address: body.address, latitude: body.latitude,
            longitude: body.longitude, description: body.description)
        guard patch != ParkDraft() else { throw Problem.badRequest(field: "body", "give at least one field to change") }
        _ = try await findPark(input.path.id)
        let park = try await places.updatePark(id: input.path.id, patch, actor: token.actor)
        return .ok(.init(body: .json(try PlaceMapping.park(park))))
    }

    func deletePark(_ input: Operations.DeletePark.Input) async throws -> Operations.DeletePark.Output {
        let token = try RequestScope.require(.manageParks)
        _ = try await findPark(input.path.id)
        try await places.deletePark(id: input.path.id, actor: token.actor)
        return .noContent(.init())
    }

    // MARK: - helpers

    /// The listing under a path `ref`; a malformed ref is a 400 naming it, an unknown one a 404.
    func findListing(_ ref: String) async throws -> Listing {
        try await listings.find(ref: try Self.checkedRef(ref))
    }

    /// The listing, if the caller may change it (park staff: only listings in their parks).
    func editableListing(_ ref: String, _ token: ApiToken) async throws -> Listing {
        let listing = try await findListing(ref)
        try Self.mayEdit(parkID: listing.parkID, token)
        return listing
    }

    static func mayEdit(parkID: Int?, _ token: ApiToken) throws {
        guard Policy.mayEdit(listingIn: parkID, by: token.member) else {
            throw Problem.forbidden("Park staff '\(token.member.login)' change only the listings of their own parks.")
        }
    }

    func findPark(_ id: Int) async throws -> Park {
        try await places.park(try Self.checkedParkID(id))
    }

    /// A path's listing ref; a malformed one is a 400 naming it.
    static func checkedRef(_ ref: String) throws -> String {
        guard ListingRef.isWellFormed(ref) else {
            throw Problem.badRequest(field: "ref", "must look like XT-2026-000123 (city code, year, number)")
        }
        return ref
    }

    /// A path's park id, as the park store takes it; out of range is a 400 naming it.
    static func checkedParkID(_ id: Int) throws -> String {
        guard (1...Int(Int32.max)).contains(id) else {
            throw Problem.badRequest(field: "id", "must be a park id (1 or more)")
        }
        return String(id)
    }

    func adminDetail(_ listing: Listing) async throws -> Components.Schemas.ListingDetail {
        let park = try await listing.parkID.asyncMap { try await places.park(String($0)) }
        return try ListingMapping.detail(listing, park: park, history: try await listings.history(ref: listing.ref))
    }

    /// Admin answers carry the version as a strong ETag, which `If-Match` compares.
    static func eTag(_ listing: Listing) -> String { "\"v\(listing.version)\"" }
}

extension Optional {
    func asyncMap<T>(_ transform: (Wrapped) async throws -> T) async rethrows -> T? {
        guard let value = self else { return nil }
        return try await transform(value)
    }
}
