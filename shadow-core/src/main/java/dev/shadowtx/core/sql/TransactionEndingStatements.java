package dev.shadowtx.core.sql;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Finds, in the text of a SQL string, a statement that would end or escape the transaction of
 * the connection that runs it: a rollback guard that turns {@code Connection#commit()} into a
 * rollback does not see {@code statement.execute("COMMIT")}, which the database carries out on
 * its own.
 * <p>
 * Refused on every database: {@code COMMIT} (with {@code WORK}, {@code TRANSACTION},
 * {@code PREPARED}, {@code AND CHAIN}), PostgreSQL's {@code END}, {@code PREPARE TRANSACTION}
 * (PostgreSQL) and {@code PREPARE COMMIT} (H2), whose prepared transaction survives the rollback
 * and can be committed later by any session, {@code ROLLBACK PREPARED}, which ends another
 * session's prepared transaction, MySQL's {@code XA} statements, and a {@code SET} of
 * {@code autocommit} to anything but {@code 0}, {@code OFF} or {@code FALSE}. {@code ROLLBACK}
 * and PostgreSQL's {@code ABORT} only roll back, and pass.
 * <p>
 * Refused where data definition commits the open transaction ({@link #of}'s {@code ddlCommits}):
 * {@code CREATE}, {@code ALTER}, {@code DROP}, {@code TRUNCATE}, {@code RENAME}, {@code COMMENT},
 * {@code GRANT}, {@code REVOKE} and the other statements that MySQL, Oracle or H2 commit on
 * ({@link #DDL}), except MySQL's {@code CREATE TEMPORARY TABLE} and {@code DROP TEMPORARY TABLE},
 * which do not commit; {@code BEGIN} and {@code START TRANSACTION} (MySQL commits the open
 * transaction on them); and on H2 every {@code SET} command but the session settings that do
 * not commit ({@link #H2_SESSION_SETTINGS}).
 * <p>
 * Refused where a called procedure can commit the caller's transaction (every database but
 * PostgreSQL, whose procedures cannot commit inside the driver's transaction): a procedure call,
 * unless the procedure is listed as shadow-safe ({@link #withShadowSafeProcedures}). A call is a
 * statement {@code CALL name} (on H2 only {@code CALL name(..)}, so {@code CALL NEXT VALUE FOR ..}
 * and expressions pass), {@code EXEC name} or {@code EXECUTE name}, {@code EXECUTE IMMEDIATE}
 * (never shadow-safe), the JDBC escapes {@code {call name(..)}} and {@code {? = call name(..)}},
 * and, inside an anonymous block, a statement that is a name followed by {@code (} or {@code ;}
 * ({@code BEGIN my_proc(1); END;}).
 * <p>
 * Only the start of each statement is read, after a {@code ;} at the top level: a keyword inside
 * a string literal ({@code '..'} with {@code ''}, PostgreSQL's {@code E'..'} with backslash
 * escapes), a quoted identifier ({@code ".."}, {@code `..`}), a comment ({@code --}, MySQL's
 * {@code #}, block comments, nested on PostgreSQL and H2), a dollar quote ({@code $tag$..$tag$}
 * on PostgreSQL, {@code $$..$$} on H2, so PL/pgSQL {@code DO} bodies too) or an expression
 * ({@code CASE .. END}) is no statement. An anonymous block ({@code BEGIN .. END;},
 * {@code DECLARE .. BEGIN .. END;} on Oracle and databases not named here) is one statement; the
 * statements inside it are read too, and a {@code COMMIT} there is refused. MySQL's executable
 * comments ({@code /*! .. *}{@code /}) are read as the SQL they hold. A string with no {@code ;}
 * costs a look at its first keyword.
 * <p>
 * Where the reading is in doubt, the scanner refuses: text it cannot take apart as the database
 * would is read as more statements, never as fewer.
 */
public final class TransactionEndingStatements {

    /**
     * The first keywords of the statements that commit implicitly where data definition commits:
     * data definition, and MySQL's administrative statements that commit (table maintenance,
     * {@code LOCK TABLES}, {@code FLUSH}, {@code RESET}, plugins), Oracle's ({@code AUDIT},
     * {@code PURGE}, {@code FLASHBACK}, statistics associations) and H2's ({@code RUNSCRIPT},
     * {@code SCRIPT}).
     */
    static final String[] DDL = {
        "CREATE",
        "ALTER",
        "DROP",
        "TRUNCATE",
        "RENAME",
        "COMMENT",
        "GRANT",
        "REVOKE",
        "ANALYZE",
        "OPTIMIZE",
        "REPAIR",
        "CHECK",
        "CACHE",
        "FLUSH",
        "RESET",
        "LOCK",
        "UNLOCK",
        "INSTALL",
        "UNINSTALL",
        "IMPORT",
        "AUDIT",
        "NOAUDIT",
        "PURGE",
        "FLASHBACK",
        "ASSOCIATE",
        "DISASSOCIATE",
        "RUNSCRIPT",
        "SCRIPT"
    };

    /**
     * Every first keyword {@link #statement} looks at, by its initial ({@code a} to {@code z}):
     * a statement that starts with none of them is decided by one lookup and a length compare or two.
     */
    private static final String[][] KEYWORDS = keywordsByInitial();

    /**
     * H2's {@code SET} commands that neither commit nor change the database for other sessions.
     */
    static final String[] H2_SESSION_SETTINGS = {
        "SCHEMA",
        "SCHEMA_SEARCH_PATH",
        "LOCK_TIMEOUT",
        "QUERY_TIMEOUT",
        "TIME",
        "NON_KEYWORDS",
        "VARIABLE_BINARY",
        "LAZY_QUERY_EXECUTION",
        "TRUNCATE_LARGE_LENGTH",
        "THROTTLE"
    };

    /**
     * Words that may follow {@code BEGIN} when it begins a transaction rather than a block.
     */
    private static final String[] TRANSACTION_BEGIN = {
        "WORK", "TRANSACTION", "TRAN", "ISOLATION", "READ", "DEFERRED", "IMMEDIATE", "EXCLUSIVE", "DISTRIBUTED", "NOT"
    };

    /**
     * Words after which a PostgreSQL {@code DECLARE} declares a cursor, not a block.
     */
    private static final String[] CURSOR = {"CURSOR", "BINARY", "INSENSITIVE", "ASENSITIVE", "SCROLL", "NO"};

    /**
     * Words after {@code END} that close a statement whose opening word is not counted.
     */
    private static final String[] END_OF_STATEMENT = {"IF", "LOOP", "WHILE", "REPEAT", "FOR"};

    /**
     * Words after which a statement starts inside a block.
     */
    private static final String[] OPENS_STATEMENT = {"THEN", "ELSE", "LOOP", "DO", "EXCEPTION"};

    /**
     * Words that start a statement of a block which calls no procedure, even when {@code (} or
     * {@code ;} follows them.
     */
    private static final String[] BLOCK_STATEMENTS = {
        "IF",
        "ELSIF",
        "WHILE",
        "FOR",
        "FORALL",
        "RETURN",
        "RAISE",
        "NULL",
        "EXIT",
        "CONTINUE",
        "GOTO",
        "OPEN",
        "CLOSE",
        "FETCH",
        "SELECT",
        "INSERT",
        "UPDATE",
        "DELETE",
        "MERGE",
        "WITH",
        "VALUES",
        "PIPE",
        "SAVEPOINT",
        "WHEN",
        "PRAGMA",
        "ROLLBACK",
        "SET",
        "DECLARE"
    };

    private final SqlDatabase database;

    private final boolean ddlCommits;

    /**
     * Whether a called procedure can commit the caller's transaction on this database.
     */
    private final boolean callsCommit;

    /**
     * The procedures that may be called, upper case, schema-qualified or not.
     */
    private final Set<String> shadowSafeProcedures;

    private TransactionEndingStatements(SqlDatabase database, boolean ddlCommits, Set<String> shadowSafeProcedures) {
        this.database = database;
        this.ddlCommits = ddlCommits;
        this.callsCommit = database != SqlDatabase.POSTGRESQL;
        this.shadowSafeProcedures = shadowSafeProcedures;
    }

    /**
     * Create the scanner for one database.
     * @param database the database's family
     * @param ddlCommits whether data definition commits the open transaction there (JDBC's
     * {@code DatabaseMetaData#dataDefinitionCausesTransactionCommit()})
     * @return the scanner
     */
    public static TransactionEndingStatements of(SqlDatabase database, boolean ddlCommits) {
        return new TransactionEndingStatements(database, ddlCommits, Set.of());
    }

    /**
     * Return a scanner that lets calls of the given procedures pass. A name without a schema lets
     * the procedure of that name pass in every schema; a schema-qualified name lets only calls
     * that name the same schema pass. Case is ignored.
     * @param names the procedure names, each {@code name} or {@code schema.name}
     * @return the scanner
     * @throws IllegalArgumentException when a name is blank
     */
    public TransactionEndingStatements withShadowSafeProcedures(Collection<String> names) {
        Set<String> safe = new HashSet<>();
        for (String name : names) {
            if (name.isBlank()) {
                throw new IllegalArgumentException("A shadow-safe procedure name must not be blank");
            }
            safe.add(name.strip().toUpperCase(Locale.ROOT));
        }
        return new TransactionEndingStatements(this.database, this.ddlCommits, Set.copyOf(safe));
    }

    /**
     * Create the scanner for a database known by its product name only (R2DBC reports no more):
     * data definition is taken to commit everywhere but on PostgreSQL.
     * @param productName the product name the driver reports, or {@code null}
     * @return the scanner
     */
    public static TransactionEndingStatements forProduct(@Nullable String productName) {
        SqlDatabase database = SqlDatabase.of(productName);
        return of(database, database != SqlDatabase.POSTGRESQL);
    }

    /**
     * Return the database this scanner reads SQL for.
     * @return its family
     */
    public SqlDatabase database() {
        return this.database;
    }

    /**
     * Return whether data definition statements are refused.
     * @return {@code true} when data definition commits on this database
     */
    public boolean ddlCommits() {
        return this.ddlCommits;
    }

    /**
     * Find the first statement of a SQL string that would end or escape the transaction.
     * @param sql the SQL text, one statement or several separated by {@code ;}
     * @return the kind of that statement, for example {@code COMMIT}, {@code SET AUTOCOMMIT} or
     * {@code DDL CREATE}, or {@code null} when the string holds none
     */
    public @Nullable String find(String sql) {
        if (sql.indexOf(';') < 0) {
            int start = skipBlank(sql, 0);
            if (start >= sql.length()) {
                return null;
            }
            char first = sql.charAt(start);
            return isWordStart(first) ? statement(sql, start) : (first == '{') ? escapeCall(sql, start) : null;
        }
        return scan(sql);
    }

    private @Nullable String scan(String sql) {
        int length = sql.length();
        int i = skipBlank(sql, 0);
        boolean statementStart = true;
        boolean inBlock = false;
        boolean bodySeen = false;
        int depth = 0;
        while (i < length) {
            char c = sql.charAt(i);
            int end = tokenEnd(sql, i);
            if (c == ';') {
                if (!inBlock || bodySeen && depth == 0) {
                    inBlock = false;
                    bodySeen = false;
                    depth = 0;
                }
                statementStart = true;
            } else if (!isWordStart(c) || end != wordEnd(sql, i)) {
                if (statementStart && !inBlock && c == '{') {
                    String kind = escapeCall(sql, i);
                    if (kind != null) {
                        return kind;
                    }
                }
                statementStart = false;
            } else if (!inBlock) {
                if (statementStart) {
                    String kind = statement(sql, i);
                    if (kind != null) {
                        return kind;
                    }
                    inBlock = opensBlock(sql, i, end);
                    bodySeen = inBlock && is(sql, i, end, "BEGIN");
                    depth = bodySeen ? 1 : 0;
                    statementStart = bodySeen;
                } else if (is(sql, i, end, "BEGIN")) {
                    int atomic = skipBlank(sql, end);
                    int atomicEnd = wordEnd(sql, atomic);
                    if (is(sql, atomic, atomicEnd, "ATOMIC")) {
                        // a routine body in standard SQL: CREATE FUNCTION ... BEGIN ATOMIC ...; END
                        inBlock = true;
                        bodySeen = true;
                        depth = 1;
                        statementStart = true;
                        end = atomicEnd;
                    }
                }
            } else if (is(sql, i, end, "END")) {
                int following = skipBlank(sql, end);
                int followingEnd = wordEnd(sql, following);
                boolean uncounted = indexOf(sql, following, followingEnd, END_OF_STATEMENT) >= 0;
                if (uncounted || is(sql, following, followingEnd, "CASE")) {
                    end = followingEnd;
                }
                if (!uncounted && depth > 0) {
                    depth--;
                }
                statementStart = false;
            } else if (is(sql, i, end, "BEGIN")) {
                depth++;
                bodySeen = true;
                statementStart = true;
            } else if (is(sql, i, end, "CASE")) {
                depth++;
                statementStart = false;
            } else {
                boolean opens = indexOf(sql, i, end, OPENS_STATEMENT) >= 0;
                if (statementStart && !opens) {
                    String kind = statement(sql, i);
                    if (kind == null) {
                        kind = blockCall(sql, i, end);
                    }
                    if (kind != null) {
                        return kind;
                    }
                }
                statementStart = opens;
            }
            i = skipBlank(sql, end);
        }
        return null;
    }

    /**
     * Whether a statement starting with the given word is a block whose {@code ;} do not end it:
     * on Oracle and on databases not named here, a {@code BEGIN} that begins no transaction, and a
     * {@code DECLARE} that declares no cursor.
     */
    private boolean opensBlock(String sql, int start, int end) {
        if (this.database != SqlDatabase.ORACLE && this.database != SqlDatabase.OTHER) {
            return false;
        }
        if (is(sql, start, end, "BEGIN")) {
            return !beginsTransaction(sql, end);
        }
        if (is(sql, start, end, "DECLARE")) {
            int name = skipBlank(sql, end);
            int nameEnd = wordEnd(sql, name);
            int third = skipBlank(sql, nameEnd);
            return indexOf(sql, third, wordEnd(sql, third), CURSOR) < 0;
        }
        return false;
    }

    private boolean beginsTransaction(String sql, int afterBegin) {
        int next = skipBlank(sql, afterBegin);
        return next >= sql.length()
                || sql.charAt(next) == ';'
                || indexOf(sql, next, wordEnd(sql, next), TRANSACTION_BEGIN) >= 0;
    }

    /**
     * Classify the statement whose first word starts at {@code start}.
     * @return the kind of statement refused, or {@code null}
     */
    private @Nullable String statement(String sql, int start) {
        int initial = (sql.charAt(start) | 0x20) - 'a';
        if (initial < 0 || initial >= KEYWORDS.length) {
            return null;
        }
        int end = wordEnd(sql, start);
        for (String keyword : KEYWORDS[initial]) {
            if (is(sql, start, end, keyword)) {
                return statement(keyword, sql, end);
            }
        }
        return null;
    }

    /**
     * Classify a statement whose first word is one of {@link #KEYWORDS}.
     * @return the kind of statement refused, or {@code null}
     */
    private @Nullable String statement(String keyword, String sql, int end) {
        switch (keyword) {
            case "COMMIT", "END", "XA":
                return keyword;
            case "SET":
                return setting(sql, end);
            case "PREPARE":
                return secondWord(sql, end, "TRANSACTION", "COMMIT", "PREPARE ");
            case "ROLLBACK":
                return secondWord(sql, end, "PREPARED", "PREPARED", "ROLLBACK ");
            case "CALL":
                return this.callsCommit ? call(sql, end) : null;
            case "EXEC", "EXECUTE":
                return this.callsCommit ? execute(keyword, sql, end) : null;
            default:
                break;
        }
        if (!this.ddlCommits) {
            return null;
        }
        switch (keyword) {
            case "BEGIN":
                return (this.database != SqlDatabase.H2 && beginsTransaction(sql, end)) ? "BEGIN" : null;
            case "START":
                return (this.database != SqlDatabase.H2)
                        ? secondWord(sql, end, "TRANSACTION", "TRANSACTION", "START ")
                        : null;
            case "CREATE", "DROP":
                int second = skipBlank(sql, end);
                if (this.database == SqlDatabase.MYSQL && is(sql, second, wordEnd(sql, second), "TEMPORARY")) {
                    return null;
                }
                break;
            default:
                break;
        }
        return "DDL " + keyword;
    }

    /**
     * Classify {@code CALL name}: refused unless the procedure is shadow-safe; on H2, whose
     * {@code CALL} also evaluates expressions, only a name followed by {@code (} is a call.
     */
    private @Nullable String call(String sql, int afterCall) {
        int start = skipBlank(sql, afterCall);
        int end = nameEnd(sql, start);
        if (this.database == SqlDatabase.H2) {
            int next = skipBlank(sql, end);
            if (end == start || next >= sql.length() || sql.charAt(next) != '(') {
                return null;
            }
        }
        return procedureCall("CALL", sql, start, end);
    }

    /**
     * Classify {@code EXEC} or {@code EXECUTE}: {@code EXECUTE IMMEDIATE} runs SQL text built at
     * run time and is always refused; otherwise the named procedure or prepared statement is
     * refused unless it is shadow-safe.
     */
    private String execute(String keyword, String sql, int afterKeyword) {
        int start = skipBlank(sql, afterKeyword);
        int end = nameEnd(sql, start);
        if (is(sql, start, end, "IMMEDIATE")) {
            return keyword + " IMMEDIATE";
        }
        String kind = procedureCall(keyword, sql, start, end);
        return (kind != null) ? kind : keyword;
    }

    /**
     * Classify the JDBC escape {@code {call name(..)}} or {@code {? = call name(..)}} at {@code brace}.
     * @return the kind of statement refused, or {@code null} when the procedure is shadow-safe, the
     * escape is no call, or calls cannot commit on this database
     */
    private @Nullable String escapeCall(String sql, int brace) {
        if (!this.callsCommit) {
            return null;
        }
        int i = skipBlank(sql, brace + 1);
        if (i < sql.length() && sql.charAt(i) == '?') {
            i = skipBlank(sql, i + 1);
            if (i >= sql.length() || sql.charAt(i) != '=') {
                return null;
            }
            i = skipBlank(sql, i + 1);
        }
        int end = wordEnd(sql, i);
        return is(sql, i, end, "CALL") ? call(sql, end) : null;
    }

    /**
     * Classify a statement of an anonymous block that is a procedure call: a name, not one of
     * {@link #BLOCK_STATEMENTS}, followed by {@code (} or {@code ;} or the end of the text.
     */
    private @Nullable String blockCall(String sql, int start, int wordEnd) {
        if (!this.callsCommit || indexOf(sql, start, wordEnd, BLOCK_STATEMENTS) >= 0) {
            return null;
        }
        int end = nameEnd(sql, start);
        int next = skipBlank(sql, end);
        if (next < sql.length() && sql.charAt(next) != '(' && sql.charAt(next) != ';') {
            return null;
        }
        return procedureCall("CALL", sql, start, end);
    }

    /**
     * The kind {@code prefix + " " + NAME} of a call of the procedure named between {@code start}
     * and {@code end}, or {@code null} when it is shadow-safe; {@code prefix} alone when no name
     * is there, which is refused too.
     */
    private @Nullable String procedureCall(String prefix, String sql, int start, int end) {
        if (end == start) {
            return prefix;
        }
        String name = procedureName(sql, start, end);
        if (this.shadowSafeProcedures.contains(name)) {
            return null;
        }
        int dot = name.lastIndexOf('.');
        if (dot >= 0 && this.shadowSafeProcedures.contains(name.substring(dot + 1))) {
            return null;
        }
        return prefix + " " + name;
    }

    /**
     * The end of a possibly qualified and quoted name ({@code a.b}, {@code "a"."b"}, {@code `a`},
     * {@code [a]}) at {@code start}, or {@code start} when no name is there.
     */
    private static int nameEnd(String sql, int start) {
        int length = sql.length();
        int i = start;
        while (i < length) {
            char c = sql.charAt(i);
            int partEnd;
            if (isWordStart(c)) {
                partEnd = wordEnd(sql, i);
            } else if (c == '"' || c == '`') {
                partEnd = quotedEnd(sql, i, c, false);
            } else if (c == '[') {
                int close = sql.indexOf(']', i);
                partEnd = (close < 0) ? length : close + 1;
            } else {
                return (i > start) ? i - 1 : start;
            }
            if (partEnd >= length || sql.charAt(partEnd) != '.') {
                return partEnd;
            }
            i = partEnd + 1;
        }
        return (i > start) ? i - 1 : start;
    }

    /**
     * A procedure name as written, without quotes, in upper case.
     */
    private static String procedureName(String sql, int start, int end) {
        StringBuilder name = new StringBuilder(end - start);
        for (int i = start; i < end; i++) {
            char c = sql.charAt(i);
            if (c != '"' && c != '`' && c != '[' && c != ']') {
                name.append(Character.toUpperCase(c));
            }
        }
        return name.toString();
    }

    /**
     * The kind {@code prefix + SECOND} when the second word is {@code first} or {@code second},
     * else {@code null}.
     */
    private @Nullable String secondWord(String sql, int afterFirst, String first, String second, String prefix) {
        int start = skipBlank(sql, afterFirst);
        int end = wordEnd(sql, start);
        return (is(sql, start, end, first) || is(sql, start, end, second)) ? prefix + upper(sql, start, end) : null;
    }

    /**
     * Classify a {@code SET} statement: every assignment of {@code autocommit} in it, and on H2
     * the setting itself.
     */
    private @Nullable String setting(String sql, int afterSet) {
        int length = sql.length();
        int i = skipBlank(sql, afterSet);
        boolean first = true;
        while (i < length && sql.charAt(i) != ';') {
            int end;
            if (isSettingChar(sql.charAt(i))) {
                end = settingEnd(sql, i);
                if (isAutoCommit(sql, i, end)) {
                    if (!switchesOff(sql, end)) {
                        return "SET AUTOCOMMIT";
                    }
                } else if (first && !isScope(sql, i, end) && refusedOnH2(sql, i, end)) {
                    return "SET " + upper(sql, i, end);
                }
                first = first && isScope(sql, i, end);
            } else {
                end = tokenEnd(sql, i);
                first = false;
            }
            i = skipBlank(sql, end);
        }
        return null;
    }

    private boolean refusedOnH2(String sql, int start, int end) {
        return this.database == SqlDatabase.H2
                && sql.charAt(start) != '@'
                && indexOf(sql, start, end, H2_SESSION_SETTINGS) < 0;
    }

    private static boolean isScope(String sql, int start, int end) {
        return is(sql, start, end, "SESSION") || is(sql, start, end, "LOCAL") || is(sql, start, end, "GLOBAL");
    }

    /**
     * Whether a setting name is {@code autocommit}, as such, as a MySQL system variable
     * ({@code @@autocommit}, {@code @@session.autocommit}) or qualified otherwise.
     */
    private static boolean isAutoCommit(String sql, int start, int end) {
        String name = "AUTOCOMMIT";
        int nameStart = end - name.length();
        return nameStart >= start
                && sql.regionMatches(true, nameStart, name, 0, name.length())
                && (nameStart == start || sql.charAt(nameStart - 1) == '.' || sql.charAt(nameStart - 1) == '@');
    }

    /**
     * Whether the value assigned after an {@code autocommit} name turns auto-commit off.
     */
    private boolean switchesOff(String sql, int afterName) {
        int i = skipBlank(sql, afterName);
        int length = sql.length();
        while (i < length && (sql.charAt(i) == '=' || sql.charAt(i) == ':')) {
            i = skipBlank(sql, i + 1);
        }
        int end = wordEnd(sql, i);
        if (is(sql, i, end, "TO")) {
            i = skipBlank(sql, end);
            end = wordEnd(sql, i);
        }
        if (i < length && sql.charAt(i) == '0' && (i + 1 == length || !isWordChar(sql.charAt(i + 1)))) {
            return true;
        }
        return is(sql, i, end, "OFF") || is(sql, i, end, "FALSE");
    }

    /**
     * Skip whitespace and comments.
     * @return the index of the first character that is neither, or the string's length
     */
    private int skipBlank(String sql, int from) {
        int i = from;
        while (true) {
            int next = skipCommentOrSpace(sql, i);
            if (next == i) {
                return i;
            }
            i = next;
        }
    }

    /**
     * Skip the whitespace character or the comment at {@code i}.
     * @return the index after it, or {@code i} when there is none
     */
    private int skipCommentOrSpace(String sql, int i) {
        int length = sql.length();
        if (i >= length) {
            return i;
        }
        char c = sql.charAt(i);
        if (Character.isWhitespace(c)) {
            return i + 1;
        }
        char d = (i + 1 < length) ? sql.charAt(i + 1) : 0;
        if (c == '-' && d == '-' && (this.database != SqlDatabase.MYSQL || i + 2 == length || sql.charAt(i + 2) <= ' ')
                || c == '#' && this.database == SqlDatabase.MYSQL) {
            int newline = sql.indexOf('\n', i);
            return (newline < 0) ? length : newline + 1;
        }
        if (c == '/' && d == '*') {
            if (this.database == SqlDatabase.MYSQL && i + 2 < length && sql.charAt(i + 2) == '!') {
                // executable comment: what it holds runs
                int j = i + 3;
                while (j < length && Character.isDigit(sql.charAt(j))) {
                    j++;
                }
                return j;
            }
            return blockCommentEnd(sql, i);
        }
        return i;
    }

    private int blockCommentEnd(String sql, int start) {
        boolean nested = this.database == SqlDatabase.POSTGRESQL || this.database == SqlDatabase.H2;
        int length = sql.length();
        int level = 0;
        int i = start;
        while (i < length - 1) {
            char c = sql.charAt(i);
            char d = sql.charAt(i + 1);
            if (c == '/' && d == '*' && (nested || level == 0)) {
                level++;
                i += 2;
            } else if (c == '*' && d == '/') {
                level--;
                i += 2;
                if (level == 0) {
                    return i;
                }
            } else {
                i++;
            }
        }
        return length;
    }

    /**
     * Return the end of the token at {@code i}: a string literal, quoted identifier or dollar
     * quote, a word, or a single character.
     */
    private int tokenEnd(String sql, int i) {
        int quoted = quoteEnd(sql, i);
        if (quoted != i) {
            return quoted;
        }
        return isWordStart(sql.charAt(i)) ? wordEnd(sql, i) : i + 1;
    }

    /**
     * Skip the string literal, quoted identifier or dollar quote at {@code i}.
     * @return the index after it, or {@code i} when there is none
     */
    private int quoteEnd(String sql, int i) {
        char c = sql.charAt(i);
        if (c == '\'') {
            boolean backslash = this.database == SqlDatabase.POSTGRESQL
                    && i > 0
                    && (sql.charAt(i - 1) == 'E' || sql.charAt(i - 1) == 'e')
                    && (i == 1 || !isWordChar(sql.charAt(i - 2)));
            return quotedEnd(sql, i, '\'', backslash);
        }
        if (c == '"' || c == '`') {
            return quotedEnd(sql, i, c, false);
        }
        if (c == '$') {
            return dollarQuoteEnd(sql, i);
        }
        return i;
    }

    private static int quotedEnd(String sql, int start, char quote, boolean backslash) {
        int length = sql.length();
        int i = start + 1;
        while (i < length) {
            char c = sql.charAt(i);
            if (backslash && c == '\\') {
                i += 2;
            } else if (c == quote) {
                if (i + 1 < length && sql.charAt(i + 1) == quote) {
                    i += 2;
                } else {
                    return i + 1;
                }
            } else {
                i++;
            }
        }
        return length;
    }

    private int dollarQuoteEnd(String sql, int start) {
        if (this.database != SqlDatabase.POSTGRESQL && this.database != SqlDatabase.H2
                || start > 0 && isWordChar(sql.charAt(start - 1))) {
            return start;
        }
        int length = sql.length();
        int i = start + 1;
        if (this.database == SqlDatabase.POSTGRESQL && i < length && isWordStart(sql.charAt(i))) {
            while (i < length && isWordChar(sql.charAt(i)) && sql.charAt(i) != '$') {
                i++;
            }
        }
        if (i >= length || sql.charAt(i) != '$') {
            return start;
        }
        int tagLength = i + 1 - start;
        int close = sql.indexOf('$', i + 1);
        while (close >= 0 && !sql.regionMatches(close, sql, start, tagLength)) {
            close = sql.indexOf('$', close + 1);
        }
        return (close < 0) ? length : close + tagLength;
    }

    /**
     * Whether the word between {@code start} and {@code end} is {@code word} (upper case), in any
     * case: the length and the first letter are compared first, which rules out most words.
     */
    private static boolean is(String sql, int start, int end, String word) {
        return end - start == word.length()
                && (sql.charAt(start) | 0x20) == (word.charAt(0) | 0x20)
                && sql.regionMatches(true, start, word, 0, word.length());
    }

    private static int indexOf(String sql, int start, int end, String[] words) {
        for (int k = 0; k < words.length; k++) {
            if (is(sql, start, end, words[k])) {
                return k;
            }
        }
        return -1;
    }

    private static String upper(String sql, int start, int end) {
        return sql.substring(start, end).toUpperCase(Locale.ROOT);
    }

    private static String[][] keywordsByInitial() {
        List<String> all = new ArrayList<>(List.of(
                "COMMIT", "END", "SET", "PREPARE", "ROLLBACK", "XA", "BEGIN", "START", "CALL", "EXEC", "EXECUTE"));
        all.addAll(List.of(DDL));
        String[][] keywords = new String[26][];
        for (int initial = 0; initial < keywords.length; initial++) {
            char letter = (char) ('A' + initial);
            keywords[initial] =
                    all.stream().filter((word) -> word.charAt(0) == letter).toArray(String[]::new);
        }
        return keywords;
    }

    private static boolean isWordStart(char c) {
        return Character.isLetter(c) || c == '_';
    }

    private static boolean isWordChar(char c) {
        return Character.isLetterOrDigit(c) || c == '_' || c == '$';
    }

    private static int wordEnd(String sql, int start) {
        int length = sql.length();
        int i = start;
        while (i < length && isWordChar(sql.charAt(i))) {
            i++;
        }
        return i;
    }

    private static boolean isSettingChar(char c) {
        return isWordChar(c) || c == '@';
    }

    private static int settingEnd(String sql, int start) {
        int length = sql.length();
        int i = start;
        while (i < length && (isSettingChar(sql.charAt(i)) || sql.charAt(i) == '.')) {
            i++;
        }
        return i;
    }
}
