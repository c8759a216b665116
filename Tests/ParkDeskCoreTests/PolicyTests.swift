import Testing

@testable import ParkDeskCore

/// The one permission table and the rules for single leads and listings (issue 31).
@Suite struct PolicyTests {
    let office = StaffMember(id: 1, login: "office", displayName: "办公室", role: .admin)
    let wang = StaffMember(id: 2, login: "wang", displayName: "王芳", role: .agent)
    let li = StaffMember(id: 3, login: "li", displayName: "李强", role: .agent)
    let tianyi = StaffMember(id: 4, login: "tianyi", displayName: "天易", role: .park, parkIDs: [10])

    @Test func theTableGivesEachRoleWhatTheIssueSays() {
        let expected: [Permission: Set<StaffRole>] = [
            .readListings: [.admin, .agent, .park], .writeListings: [.admin, .agent, .park], .manageParks: [.admin],
            .readLeads: [.admin, .agent, .park], .workLeads: [.admin, .agent, .park], .assignLeads: [.admin],
            .mergeLeads: [.admin], .eraseLeads: [.admin], .exportLeads: [.admin], .manageStaff: [.admin],
            .seeDeliveries: [.admin], .readReports: [.admin, .agent],
        ]
        for permission in Permission.allCases {
            for role in StaffRole.allCases {
                #expect(
                    Policy.allows(role, permission) == (expected[permission]?.contains(role) ?? false),
                    "\(role) × \(permission)")
            }
        }
    }

    @Test func aLeadIsReadWorkedAndShownByWhoseItIs() {
        let wangsInPark10 = LeadScope(assigneeID: 2, parkIDs: [10])
        let lisElsewhere = LeadScope(assigneeID: 3, parkIDs: [11])
        let nobodysNoPark = LeadScope(assigneeID: nil, parkIDs: [])
        for lead in [wangsInPark10, lisElsewhere, nobodysNoPark] {
            #expect(Policy.mayRead(lead, by: office) && Policy.mayWork(lead, by: office))
            #expect(Policy.seesContact(of: lead, by: office))
            #expect(Policy.mayRead(lead, by: wang))
        }
        #expect(Policy.mayWork(wangsInPark10, by: wang) && Policy.seesContact(of: wangsInPark10, by: wang))
        #expect(!Policy.mayWork(lisElsewhere, by: wang) && !Policy.seesContact(of: lisElsewhere, by: wang))
        #expect(!Policy.mayWork(nobodysNoPark, by: wang))
        #expect(Policy.mayRead(wangsInPark10, by: tianyi) && Policy.mayWork(wangsInPark10, by: tianyi))
        #expect(Policy.seesContact(of: wangsInPark10, by: tianyi))
        #expect(!Policy.mayRead(lisElsewhere, by: tianyi) && !Policy.mayWork(lisElsewhere, by: tianyi))
        #expect(!Policy.mayRead(nobodysNoPark, by: tianyi))
    }

    @Test func parkStaffChangeOnlyTheirParksListings() {
        #expect(Policy.mayEdit(listingIn: 10, by: tianyi))
        #expect(!Policy.mayEdit(listingIn: 11, by: tianyi))
        #expect(!Policy.mayEdit(listingIn: nil, by: tianyi))
        #expect(Policy.mayEdit(listingIn: 11, by: wang) && Policy.mayEdit(listingIn: nil, by: office))
    }

    @Test func aNewMemberIsCheckedFieldByField() {
        #expect(throws: ValidationFailed.self) {
            try StaffMember.validated(login: "has space", displayName: "", mobile: "123", role: .park, parkIDs: [])
        }
        do {
            _ = try StaffMember.validated(login: "has space", displayName: "", mobile: "123", role: .park, parkIDs: [])
        } catch {
            #expect(Set(error.errors.map(\.field)) == ["login", "displayName", "mobile", "parks"])
        }
        let ok = try? StaffMember.validated(
            login: " wang ", displayName: "王芳", mobile: "138 1234 5678", role: .agent, parkIDs: [])
        #expect(ok?.login == "wang" && ok?.mobile == "13812345678")
        #expect(
            (try? StaffMember.validated(login: "a", displayName: "甲", mobile: nil, role: .agent, parkIDs: [1])) == nil)
    }

    @Test func theInboxSearchReadsDigitsAsAMobile() {
        var filter = LeadFilter()
        filter.text = "138 1234"
        #expect(filter.mobileDigits == "1381234")
        filter.text = "+86 138-1234-5678"
        #expect(filter.mobileDigits == "13812345678")
        filter.text = "王总"
        #expect(filter.mobileDigits == nil && filter.textPattern == "%王总%")
        filter.text = "50%_a\\b"
        #expect(filter.textPattern == "%50\\%\\_a\\\\b%")
        filter.text = "123"
        #expect(filter.mobileDigits == nil)
    }
}
