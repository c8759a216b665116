import Foundation
import ParkDeskCore
import ParkDeskHTTP
import Testing

@testable import ParkDeskWeb

/// Reading what a browser sends: query strings and form bodies, and the inquiry form's draft and messages.
@Suite struct FormTests {
    @Test func formFieldsDecodeAsBrowsersEncode() {
        let fields = FormFields("q=%E8%A1%8C%E8%BD%A6+16%E5%90%A8&kind=factory&kind=warehouse&empty=&flag=0&x")
        #expect(fields["q"] == "行车 16吨")
        #expect(fields.all("kind") == ["factory", "warehouse"])
        #expect(fields["empty"] == nil && fields["x"] == nil && fields["missing"] == nil)
        #expect(!fields.isOn("flag") && !fields.isOn("missing"))
        #expect(fields.encoded(dropping: ["kind"]) == "q=%E8%A1%8C%E8%BD%A6%2016%E5%90%A8&flag=0")
        // a decomposed Å typed on some keyboards arrives as one character
        #expect(FormFields("t=A%CC%8A")["t"] == "\u{00C5}")
        #expect(FormFields("bad=%ZZ%")["bad"] == "%ZZ%")
        // everything but RFC 3986's unreserved characters is escaped, and reads back the same
        let odd = FormFields(pairs: [("q&=", "a+b c/?#%~._-ＸＴ😀")])
        #expect(odd.encoded() == "q%26%3D=a%2Bb%20c%2F%3F%23%25~._-%EF%BC%B8%EF%BC%B4%F0%9F%98%80")
        #expect(FormFields(odd.encoded()).pairs.map(\.value) == ["a+b c/?#%~._-ＸＴ😀"])
    }

    @Test func theInquiryFormBecomesALeadDraftAndItsErrorsChinese() throws {
        let form = InquiryForm(
            fields: FormFields(
                "contactName=%E7%8E%8B&mobile=138+1234+5678&kinds=factory&kinds=bogus&minArea=20&areaUnit=mu"
                    + "&budget=1%2C200&budgetUnit=wan-yuan-total&consent=1&formKey=abc&issued=1000"),
            formKey: "abc")
        let draft = try form.checkedDraft(privacyVersion: "2026-11")
        #expect(draft.kinds == [.factory] && draft.areaInMu && draft.minArea == 20 && draft.budget == 1200)
        #expect(draft.consentVersion == "2026-11" && draft.source == .web && draft.budgetUnit == .wanYuanTotal)
        #expect(
            form.formKey == "abc" && InquiryForm.fillMillis(issued: 1000, now: Date(timeIntervalSince1970: 4)) == 3000)
        let canonical = String(decoding: form.canonicalBody, as: UTF8.self)
        #expect(!canonical.contains("abc") && !canonical.contains("issued"))
        let noConsent = InquiryForm(fields: FormFields("contactName=a&mobile=1"), formKey: "k")
        do {
            _ = try noConsent.checkedDraft(privacyVersion: "v").validated()
            Issue.record("expected a failure")
        } catch {
            let messages = InquiryForm.messages(error)
            #expect(messages["consent"] == "请阅读并同意隐私声明后提交")
            #expect(messages["mobile"]?.contains("11 位手机号") == true)
        }
        // an unreadable number and the lead's own rules are reported together
        do {
            _ = try InquiryForm(fields: FormFields("expectedTax=abc"), formKey: "k").checkedDraft(privacyVersion: "v")
            Issue.record("expected a failure")
        } catch {
            #expect(Set(error.fields).isSuperset(of: ["expectedTax", "mobile", "contactName"]))
        }
    }
}

/// Numbers typed into the form are read as the text parser reads them, or refused whole (issue 29: `1.5亿` was
/// stored as 1.5 万元, `12abc` as 12, and full-width digits were refused).
@Suite struct TypedNumberFormTests {
    static func tax(_ typed: String) throws -> Decimal? {
        let body = "expectedTax=" + (typed.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")
        return try InquiryForm(fields: FormFields(body + "&contactName=a&mobile=13812345678&consent=1"), formKey: "k")
            .checkedDraft(privacyVersion: "v").expectedTax
    }

    @Test(
        arguments: [
            ("300", 300), ("1.5亿", 15_000), ("3百万", 300), ("300万", 300), ("300万元", 300), ("３００", 300),
            ("１.５亿", 15_000), ("2,500", 2_500), ("五百万", 500), ("3千万", 3_000), ("300万元/年", 300), (" 42 ", 42),
        ] as [(String, Decimal)])
    func taxIsReadInWanYuan(typed: String, wan: Decimal) throws {
        #expect(try Self.tax(typed) == wan)
    }

    @Test(arguments: ["12abc", "0x10", "1.5.5", "abc", "三百万abc", "1e5"])
    func anythingElseIsAFieldErrorWithTheValueKept(typed: String) throws {
        do {
            _ = try Self.tax(typed)
            Issue.record("\(typed) was taken")
        } catch let error as ValidationFailed {
            #expect(error.fields == ["expectedTax"])
            #expect(InquiryForm.messages(error)["expectedTax"]?.contains("1.5亿") == true)
        }
    }

    @Test func aNegativeNumberIsReadAndRefusedByTheLeadsRule() throws {
        #expect(try Self.tax("-5") == -5)
        let draft = try InquiryForm(
            fields: FormFields("expectedTax=-5&contactName=a&mobile=13812345678&consent=1"), formKey: "k"
        ).checkedDraft(privacyVersion: "v")
        #expect(throws: ValidationFailed.self) { try draft.validated() }
        do { _ = try draft.validated() } catch { #expect(error.fields == ["expectedTax"]) }
    }

    @Test func areasTakeTheirUnitAndMultipliers() throws {
        func area(_ typed: String, unit: String) throws -> Decimal? {
            let text = typed.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? ""
            return try InquiryForm(
                fields: FormFields("minArea=\(text)&areaUnit=\(unit)&contactName=a&mobile=13812345678&consent=1"),
                formKey: "k"
            ).checkedDraft(privacyVersion: "v").minArea
        }
        #expect(try area("1.2万", unit: "m2") == 12_000)
        #expect(try area("3000平米", unit: "m2") == 3_000)
        #expect(try area("30亩", unit: "mu") == 30)
        #expect(throws: ValidationFailed.self) { try area("30亩", unit: "m2") }
    }
}

/// The views that hand their fields to the template engine directly hand all of them.
@Suite struct TemplateFieldsTests {
    @Test func directFieldsAreTheStoredProperties() {
        let summary = ListingSummary(
            ref: "XT-2026-000001", title: "厂房", kind: .factory, deal: .rent, status: .pending, districtKey: "yuhu",
            districtName: "雨湖区", town: nil, parkID: nil, parkName: nil, buildingArea: 1000, landArea: nil,
            priceAmount: 10, priceUnit: .yuanPerM2Month, priceMonthlyPerM2: 10, priceTotalYuan: nil, craneCount: nil,
            craneTons: nil, standalone: nil, singleStorey: nil, features: [], coverPhotoURL: nil, latitude: nil,
            longitude: nil, distanceKm: nil, updatedAt: Date())
        let views: [any TemplateFields] = [
            ListingCard(summary), Choice(value: "a", label: "甲", selected: true, count: nil),
        ]
        for view in views {
            let stored = Set(Mirror(reflecting: view).children.compactMap(\.label))
            #expect(Set(view.templateFields.keys) == stored, "\(type(of: view))")
        }
        let card = ListingCard(summary).templateFields
        #expect(card["photo"] is NSNull && card["pending"] as? Bool == true && card["area"] as? String == "1000 ㎡")
    }
}
