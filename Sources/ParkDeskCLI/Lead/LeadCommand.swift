import ArgumentParser
import Foundation
import ParkDeskCore
import ParkDeskStore

/// `parkdesk lead …`: investor leads from the hotline and the website, and their follow-up.
struct LeadCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lead",
        abstract: "Enter, follow up, match, export and erase investor leads.",
        subcommands: [
            LeadAdd.self, LeadList.self, LeadShow.self, LeadAssign.self, LeadStatusCommand.self, LeadNoteCommand.self,
            LeadMerge.self, LeadMatch.self, LeadExportCommand.self, LeadErase.self, LeadPurge.self,
        ])
}

struct LeadAdd: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "add",
        abstract: "Enter a lead from a call on the 400 hotline (or WeChat, a visit, a referral, an event).",
        discussion: """
            On a terminal, missing answers are asked for in Chinese. The same mobile or credit code as an open
            lead of the last 30 days adds an inquiry to that lead instead of a second lead.

            Example:
              parkdesk lead add --contact 王经理 --mobile "138 1234 5678" --company 湘潭某机械有限公司 \\
                --use 工程机械零部件 --tax 300 --kinds 厂房 --deal 出租 --min-area 3000 --max-area 5000 \\
                --districts 湘潭县,九华 --crane 10 --need "单层厂房，带行车"
              parkdesk lead add --from-text "王总,做工程机械的,要3000到5000平的厂房,最好湘潭县或九华,行车10吨以上,年税收300万左右,电话138 1234 5678"

            With --from-text the need is read from the caller's words (kept as the need text), shown field by field
            with the words each came from, and saved after asking (--yes saves without asking). Flags override it.
            """)

    @OptionGroup var global: GlobalOptions
    @OptionGroup var fields: LeadFieldOptions
    @Flag(help: "Never ask; fail on missing fields instead.") var noInput = false
    @Option(help: "The call as the agent typed it; the lead's fields are read from it.") var fromText: String?
    @Flag(help: "With --from-text: save without asking.") var yes = false

    func run() async throws {
        var fields = fields
        let atTerminal = CLIContext.answers != nil || (CLIContext.output == nil && isatty(STDIN_FILENO) == 1)
        if fromText == nil && !noInput && atTerminal {
            LeadPrompt.ask(&fields)
        }
        let flags = try fields.draft()
        let (fromText, yes, given) = (fromText, yes, fields.givenFields)
        let (capture, stored) = try await global.withDatabase { database in
            var draft = flags
            if let fromText {
                let parsed = try await database.places.textParser().need(fromText)
                CLIContext.print(ParsedTextView.text(parsed.fields, parsed.unparsed, flags: given))
                draft = flags.fillingNeed(from: parsed.draft)
                draft.contactName = draft.contactName ?? parsed.draft.contactName
                draft.mobile = draft.mobile ?? parsed.draft.mobile
                draft.landline = draft.landline ?? parsed.draft.landline
                draft.needText = draft.needText ?? fromText
            }
            let lead = try draft.validated()
            if fromText != nil { try ParsedTextView.confirm("保存这条线索？ Save this lead?", yes: yes) }
            let store = database.leads
            let capture = try await store.capture(lead, arrival: .init(actor: CLIContext.actor, audited: true))
            return (capture, try await store.find(ref: capture.ref))
        }
        CLIContext.print(
            capture.attached
                ? "added an inquiry to open lead \(capture.ref) "
                    + "(\(stored.status.label), \(stored.inquiryCount) inquiries)"
                : "added lead \(capture.ref)")
    }
}

/// Asks in Chinese for the main fields the flags left out; the mobile and the tax until they can be read (a typo
/// asks again, it never ends the command and loses the answers before it).
enum LeadPrompt {
    static func ask(_ fields: inout LeadFieldOptions) {
        if fields.contact == nil { fields.contact = line("联系人 (contact)") }
        while fields.mobile.flatMap(MobileNumber.normalise) == nil {
            if fields.mobile != nil { CLIContext.printError("手机号无效：请输入 11 位手机号，如 138 1234 5678") }
            guard let answer = line("手机号 (mobile)") else { break }
            fields.mobile = answer
        }
        if fields.company == nil { fields.company = line("公司 (company, 可空)") }
        if fields.intendedUse == nil { fields.intendedUse = line("用途 (intended use, 可空)") }
        if fields.need == nil { fields.need = line("需求 (need, 可空)") }
        while fields.tax == nil {
            guard let answer = line("预计年税收 万元 (expected tax, 可空)") else { break }
            guard let tax = TypedNumber.read(answer, as: .wanYuan), tax >= 0 else {
                CLIContext.printError("税收无效：请输入万元数，如 300 或 1.5亿；不知道就直接回车")
                continue
            }
            fields.tax = answer
        }
    }

    /// One answer; `nil` for an empty line or end of input.
    static func line(_ question: String) -> String? {
        guard let text = CLIContext.ask("\(question): ")?.trimmingCharacters(in: .whitespaces), !text.isEmpty else {
            return nil
        }
        return text
    }
}

struct LeadList: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list", abstract: "List leads, newest first; mobile numbers masked (138****5678).",
        discussion:
            "Examples:\n  parkdesk lead list --status new --source hotline\n  parkdesk lead list --assignee none "
            + "--since 2026-11-01"
    )

    @OptionGroup var global: GlobalOptions
    @OptionGroup var filter: LeadFilterOptions
    @Option(help: "Any spelling of a mobile number.") var mobile: String?
    @Option(help: "At most this many (default 50, up to 500).") var limit: Int = 50

    func run() async throws {
        var leadFilter = try filter.leadFilter()
        leadFilter.mobile = mobile
        leadFilter.limit = limit
        let leads = try await global.withDatabase { [leadFilter] database in
            try await database.leads.list(leadFilter)
        }
        CLIContext.print(LeadText.table(leads.map { $0.maskingContact() }))
    }
}

struct LeadShow: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show", abstract: "Show one lead in full, with inquiries, notes and history.",
        discussion: "Example:\n  parkdesk lead show LD-2026-000001")

    @OptionGroup var global: GlobalOptions
    @Argument(help: "The lead's reference, e.g. LD-2026-000001.") var ref: String

    func run() async throws {
        let detail = try await global.withDatabase { [ref] database in
            try await database.leads.detail(ref: try LeadArgument.ref(ref))
        }
        CLIContext.print(LeadText.detail(detail))
    }
}

/// Checks a lead reference given on the command line.
enum LeadArgument {
    static func ref(_ text: String) throws -> String {
        guard LeadRef.isWellFormed(text) else {
            throw CLIError("'\(text)' is not a lead reference like LD-2026-000001")
        }
        return text.uppercased()
    }
}

/// The filters `lead list` and `lead export` share.
struct LeadFilterOptions: ParsableArguments {
    @Option(help: "Created on or after this day (YYYY-MM-DD, Asia/Shanghai).") var since: String?
    @Option(help: "Created on or before this day.") var until: String?
    @Option(
        help: ArgumentHelp(
            "Pipeline status (repeatable): new|contacted|qualified|visiting|negotiating|signed|landed|lost|junk "
                + "or 考察 ….")
    )
    var status: [String] = []
    @Option(help: "Source (repeatable): hotline|web|wechat|walk-in|referral|event or 400热线 ….") var source: [String] =
        []
    @Option(help: "Only leads that came from this listing (its ref).") var listing: String?
    @Option(help: "Only leads of this agent token; `none` for unassigned.") var assignee: String?

    func leadFilter() throws -> LeadFilter {
        var filter = LeadFilter()
        filter.since = since
        filter.until = until
        filter.statuses = try status.map { try ListingFiles.parse($0, "--status", LeadStatus.self) }
        filter.sources = try source.map { try ListingFiles.parse($0, "--source", LeadSource.self) }
        filter.listingRef = listing?.trimmingCharacters(in: .whitespaces)
        filter.assignee = assignee
        return filter
    }
}
