import ArgumentParser
import Foundation
import ParkDeskCore
import ParkDeskStore

/// `parkdesk listing …`: the office's listings.
struct ListingCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "listing",
        abstract: "Add, edit, show, list, import, export, read from text and retire property listings.",
        subcommands: [
            ListingAdd.self, ListingEdit.self, ListingShow.self, ListingList.self, ListingStatusCommand.self,
            ListingImport.self, ListingExport.self, ListingExpire.self, ListingParse.self, ListingReadQuery.self,
            ListingMediaCommand.self,
        ])
}

struct ListingAdd: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "add",
        abstract: "Add a listing (as a draft unless --status is given).",
        discussion: """
            Examples:
              parkdesk listing add --kind factory --deal rent --title "易俗河重工厂房4000平米独栋单层出租" \\
                --district 湘潭县 --building-area 4000 --standalone --single-storey --crane-tons 16 \\
                --features 独门独院,大车进出 --price 12 --price-unit 元/㎡/月 --status active
              parkdesk listing add --from-json listing.json
              parkdesk listing add --from-text "易俗河重工厂房4000平米独栋单层出租,行车16吨,独门独院" --price 面议

            With --from-text the fields read from the text are shown with the words each came from, and what was
            not understood; it asks before saving (--yes saves without asking). Flags override the text.
            """)

    @OptionGroup var global: GlobalOptions
    @OptionGroup var fields: ListingFieldOptions
    @Option(help: "A JSON file with the listing's fields (camelCase keys); flags override it.") var fromJson: String?
    @Option(help: "A listing title as people write it; its fields are read from it and it becomes the title.")
    var fromText: String?
    @Flag(help: "With --from-text: save without asking.") var yes = false
    @Option(help: "Initial status: draft (default) or active.") var status: String = "draft"
    @Flag(help: "Print the stored listing as JSON.") var json = false

    func run() async throws {
        var draft = ListingDraft()
        if let fromJson { draft = try ListingFiles.readJSONDraft(path: fromJson) }
        let flags = try fields.draft()
        guard let initial = ListingStatus.parse(status), initial == .draft || initial == .active else {
            throw CLIError("--status: a new listing starts as draft or active")
        }
        let (fromText, yes) = (fromText, yes)
        let listing = try await global.withDatabase { [draft] database in
            var draft = draft
            if let fromText {
                let parsed = try await database.places.textParser().listing(fromText, kind: flags.kind ?? draft.kind)
                CLIContext.print(
                    ParsedTextView.text(parsed.fields, parsed.unparsed, flags: flags.setFields.map(\.rawValue)))
                var read = parsed.draft
                read.keepText(fromText)
                draft = draft.merging(read).merging(flags)
                _ = try draft.validated()
                try ParsedTextView.confirm("保存这条房源（\(initial.label)）？ Save this listing?", yes: yes)
            } else {
                draft = draft.merging(flags)
            }
            return try await database.listings.create(draft, status: initial, actor: CLIContext.actor)
        }
        CLIContext.print(
            json
                ? try ListingJSON.text(ListingJSON(listing: listing)) : "added \(listing.ref) (\(listing.status.label))"
        )
    }
}

struct ListingEdit: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "edit",
        abstract: "Change the given fields of a listing; the others stay.",
        discussion: """
            Examples:
              parkdesk listing edit XT-2026-000001 --price 11 --expect-version 3
              parkdesk listing edit XT-2026-000001 --features 独门独院,可环评
            """)

    @OptionGroup var global: GlobalOptions
    @Argument(help: "The listing's reference, e.g. XT-2026-000001.") var ref: String
    @OptionGroup var fields: ListingFieldOptions
    @Option(help: "A JSON file with the fields to change.") var fromJson: String?
    @Option(help: "Refuse the edit unless the listing is still at this version.") var expectVersion: Int?

    func run() async throws {
        var patch = ListingDraft()
        if let fromJson { patch = try ListingFiles.readJSONDraft(path: fromJson) }
        patch = patch.merging(try fields.draft())
        guard !patch.setFields.isEmpty else { throw CLIError("nothing to change: give at least one field flag") }
        let listing = try await global.withDatabase { [ref, expectVersion, patch] database in
            try await database.listings
                .update(ref: ref, patch: patch, expectedVersion: expectVersion, actor: CLIContext.actor)
        }
        CLIContext.print("updated \(listing.ref) to version \(listing.version)")
    }
}

struct ListingShow: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show", abstract: "Show one listing with Chinese labels (or --json).",
        discussion: "Example:\n  parkdesk listing show XT-2026-000001 --json")

    @OptionGroup var global: GlobalOptions
    @Argument(help: "The listing's reference.") var ref: String
    @Flag(help: "Print JSON.") var json = false

    func run() async throws {
        let (listing, history) = try await global.withDatabase { [ref] database in
            let store = database.listings
            return (try await store.find(ref: ref), try await store.history(ref: ref))
        }
        if json {
            CLIContext.print(try ListingJSON.text(ListingJSON(listing: listing)))
        } else {
            CLIContext.print(ListingText.detail(listing) + "\n" + ListingText.history(history))
        }
    }
}

struct ListingList: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list", abstract: "List listings, newest first, as a table or --json.",
        discussion:
            "Examples:\n  parkdesk listing list --kind 厂房 --district 湘潭县 --min-area 1000\n  parkdesk listing list "
            + "--status active --json"
    )

    @OptionGroup var global: GlobalOptions
    @Option(help: "Kind (repeatable).") var kind: [String] = []
    @Option(help: "Deal.") var deal: String?
    @Option(help: "Status (repeatable).") var status: [String] = []
    @Option(help: "District key, name or alias.") var district: String?
    @Option(help: "Park name or id.") var park: String?
    @Option(help: "Smallest area (m² or 亩).") var minArea: String?
    @Option(help: "Largest area (m² or 亩).") var maxArea: String?
    @Option(help: "At most this many (default 100).") var limit: Int = 100
    @Flag(help: "Print a JSON array.") var json = false

    func run() async throws {
        var filter = ListingFilter()
        filter.kinds = try kind.map { try ListingFiles.parse($0, "--kind", ListingKind.self) }
        filter.statuses = try status.map { try ListingFiles.parse($0, "--status", ListingStatus.self) }
        filter.deal = try deal.map { try ListingFiles.parse($0, "--deal", DealType.self) }
        filter.district = district
        filter.park = park
        filter.minArea = try minArea.map { try ListingFiles.area($0, "--min-area") }
        filter.maxArea = try maxArea.map { try ListingFiles.area($0, "--max-area") }
        guard (1...10_000).contains(limit) else { throw CLIError("--limit must be between 1 and 10000") }
        filter.limit = limit
        let listings = try await global.withDatabase { [filter] database in
            try await database.listings.list(filter)
        }
        CLIContext.print(json ? try ListingJSON.text(listings.map(ListingJSON.init)) : ListingText.table(listings))
    }
}

struct ListingStatusCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status", abstract: "Move a listing to another status (legal changes only).",
        discussion: """
            draft → active → pending (洽谈中) → leased / sold; withdrawn and expired can be re-activated.
            Example:
              parkdesk listing status XT-2026-000001 pending --note "客户考察中"
            """)

    @OptionGroup var global: GlobalOptions
    @Argument(help: "The listing's reference.") var ref: String
    @Argument(help: "The new status: \(ListingStatus.choices).") var newStatus: String
    @Option(help: "Why, kept in the history.") var note: String = ""

    func run() async throws {
        let target = try ListingFiles.parse(newStatus, "status", ListingStatus.self)
        let listing = try await global.withDatabase { [ref, note] database in
            try await database.listings.changeStatus(ref: ref, to: target, note: note, actor: CLIContext.actor)
        }
        CLIContext.print("\(listing.ref) is now \(listing.status.rawValue) (\(listing.status.label))")
    }
}

struct ListingExpire: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "expire", abstract: "Expire active and pending listings not updated for a number of days.",
        discussion: "Example:\n  parkdesk listing expire --days 180")

    @OptionGroup var global: GlobalOptions
    @Option(help: "Days without an update (default 180, env PARKDESK_EXPIRE_DAYS).") var days: Int?

    func run() async throws {
        let configured = CLIContext.environment["PARKDESK_EXPIRE_DAYS"].flatMap(Int.init)
        let limit = days ?? configured ?? 180
        guard limit >= 1 else { throw CLIError("--days must be at least 1") }
        let refs = try await global.withDatabase { database in
            try await database.listings.expire(notUpdatedForDays: limit, actor: CLIContext.actor)
        }
        CLIContext.print("expired \(refs.count) listing(s)" + (refs.isEmpty ? "" : ": " + refs.joined(separator: ", ")))
    }
}
