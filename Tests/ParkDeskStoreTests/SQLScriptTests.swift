import Testing
@testable import ParkDeskStore

@Suite struct SQLScriptTests {
    @Test func splitsOnSemicolonsOutsideQuotesCommentsAndDollarBodies() {
        let script = """
            -- a comment; with a semicolon
            CREATE TABLE a (t text DEFAULT 'x;y');
            /* block; comment */ CREATE TABLE "b;c" (id int);
            DO $$ BEGIN PERFORM 1; END $$;
            CREATE FUNCTION f() RETURNS int AS $fn$ SELECT 1; $fn$ LANGUAGE sql;
            SELECT E'it\\'s;fine';
            """
        let statements = SQLScript.statements(in: script)
        #expect(statements.count == 5)
        #expect(statements[0].hasSuffix("CREATE TABLE a (t text DEFAULT 'x;y')"))
        #expect(statements[2] == "DO $$ BEGIN PERFORM 1; END $$")
        #expect(statements[3].contains("$fn$ SELECT 1; $fn$"))
        #expect(statements[4] == "SELECT E'it\\'s;fine'")
    }

    @Test func ignoresEmptyAndCommentOnlyTails() {
        #expect(SQLScript.statements(in: "").isEmpty)
        #expect(SQLScript.statements(in: "SELECT 1;\n-- done\n").count == 1)
    }
}
