import ParkDeskCore
import ParkDeskOpenAPI

/// The query parameters the public and the admin listing search share. The two generated `Query` types
/// have the same properties, so they conform as they are; only `status` differs in type.
protocol ListingSearchParameters {
    var kind: Components.Parameters.Kind? { get }
    var deal: Components.Parameters.Deal? { get }
    var district: Components.Parameters.District? { get }
    var park: Components.Parameters.Park? { get }
    var statusKeys: [String] { get }
    var minBuildingArea: Double? { get }
    var maxBuildingArea: Double? { get }
    var minLandArea: Double? { get }
    var maxLandArea: Double? { get }
    var landAreaUnit: Components.Schemas.AreaUnit? { get }
    var minPrice: Double? { get }
    var maxPrice: Double? { get }
    var minCraneTons: Double? { get }
    var minClearHeight: Double? { get }
    var minPowerKva: Int? { get }
    var standalone: Bool? { get }
    var singleStorey: Bool? { get }
    var feature: [String]? { get }
    var q: String? { get }
    var near: String? { get }
    var radiusKm: Double? { get }
    var sort: Components.Schemas.ListingSort? { get }
    var cursor: String? { get }
    var limit: Int? { get }
    var facets: Bool? { get }
    var interpret: Bool? { get }
    var drop: [String]? { get }
}

extension Operations.SearchListings.Input.Query: ListingSearchParameters {
    var statusKeys: [String] { (status ?? []).map(\.rawValue) }
}

extension Operations.AdminSearchListings.Input.Query: ListingSearchParameters {
    var statusKeys: [String] { (status ?? []).map(\.rawValue) }
}

extension ListingSearchParameters {
    /// The parameters as Core's search input (checked by `ListingSearchInput.validated`).
    func searchInput() throws -> ListingSearchInput {
        var input = ListingSearchInput()
        input.kinds = try EnumMapping.convert(kind)
        input.deal = try EnumMapping.convert(deal)
        input.districts = (district ?? []).map(\.rawValue)
        input.park = park
        input.statuses = try statusKeys.map { try EnumMapping.convert(RawKey(rawValue: $0)) }
        input.minBuildingArea = minBuildingArea
        input.maxBuildingArea = maxBuildingArea
        input.minLandArea = minLandArea
        input.maxLandArea = maxLandArea
        input.landAreaInMu = landAreaUnit == .mu
        input.minPrice = minPrice
        input.maxPrice = maxPrice
        input.minCraneTons = minCraneTons
        input.minClearHeight = minClearHeight
        input.minPowerKva = minPowerKva
        input.standalone = standalone
        input.singleStorey = singleStorey
        input.features = feature ?? []
        input.q = q
        input.near = near
        input.radiusKm = radiusKm
        input.sort = try EnumMapping.convert(sort)
        input.cursor = cursor
        input.limit = limit
        input.facets = facets ?? false
        input.interpret = interpret ?? true
        input.drop = drop ?? []
        return input
    }
}
