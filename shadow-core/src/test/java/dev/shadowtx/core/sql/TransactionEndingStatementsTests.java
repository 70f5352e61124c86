package dev.shadowtx.core.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

class TransactionEndingStatementsTests {

    private static final TransactionEndingStatements POSTGRESQL =
            TransactionEndingStatements.of(SqlDatabase.POSTGRESQL, false);

    private static final TransactionEndingStatements H2 = TransactionEndingStatements.of(SqlDatabase.H2, true);

    private static final TransactionEndingStatements MYSQL = TransactionEndingStatements.of(SqlDatabase.MYSQL, true);

    private static final TransactionEndingStatements ORACLE = TransactionEndingStatements.of(SqlDatabase.ORACLE, true);

    @ParameterizedTest
    @EnumSource(SqlDatabase.class)
    void commitInEveryFormIsFoundOnEveryDatabase(SqlDatabase database) {
        TransactionEndingStatements statements = TransactionEndingStatements.of(database, false);
        assertThat(statements.find("COMMIT")).isEqualTo("COMMIT");
        assertThat(statements.find("  commit work ")).isEqualTo("COMMIT");
        assertThat(statements.find("Commit Transaction")).isEqualTo("COMMIT");
        assertThat(statements.find("COMMIT PREPARED 'tx1'")).isEqualTo("COMMIT");
        assertThat(statements.find("commit and chain")).isEqualTo("COMMIT");
        assertThat(statements.find("\n\t-- done\nCOMMIT;")).isEqualTo("COMMIT");
        assertThat(statements.find("/* done */ commit")).isEqualTo("COMMIT");
        assertThat(statements.find("insert into t values (1); commit")).isEqualTo("COMMIT");
        assertThat(statements.find("insert into t values (1);commit;")).isEqualTo("COMMIT");
        assertThat(statements.find("XA COMMIT 'x'")).isEqualTo("XA");
    }

    @Test
    void endAndPreparedTransactionsAreFound() {
        assertThat(POSTGRESQL.find("END")).isEqualTo("END");
        assertThat(POSTGRESQL.find("end transaction")).isEqualTo("END");
        assertThat(POSTGRESQL.find("update t set a = 1; END;")).isEqualTo("END");
        assertThat(POSTGRESQL.find("PREPARE TRANSACTION 'shadow-1'")).isEqualTo("PREPARE TRANSACTION");
        assertThat(H2.find("PREPARE COMMIT tx1")).isEqualTo("PREPARE COMMIT");
        assertThat(POSTGRESQL.find("ROLLBACK PREPARED 'live-1'")).isEqualTo("ROLLBACK PREPARED");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "ROLLBACK",
                "rollback work",
                "ROLLBACK TO SAVEPOINT s1",
                "ABORT",
                "PREPARE find_order (int) AS SELECT * FROM orders WHERE id = $1",
                "SAVEPOINT s1",
                "release savepoint s1",
                "select 1; rollback",
                "BEGIN",
                "START TRANSACTION",
                "SET search_path TO shadow",
                "SET autocommit = 0",
                "CREATE TABLE t (id int)",
                "drop table t; truncate u"
            })
    void rollbacksAndTransactionalStatementsPassOnPostgresql(String sql) {
        assertThat(POSTGRESQL.find(sql)).isNull();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "select 'COMMIT' from t",
                "select 'it''s; commit' from t",
                "select 1 as \"x;commit\"",
                "select 1 as `x;commit`",
                "select 1 -- ; commit",
                "select 1 /* ; commit */",
                "select 1 /* outer /* inner */ ; commit */",
                "select $$; commit$$",
                "select $body$ x; commit; $body$",
                "select E'it\\'s; commit'",
                "DO $$ BEGIN UPDATE t SET a = 1; END $$",
                "DO $do$ BEGIN IF true THEN UPDATE t SET a = 1; END IF; END $do$;",
                "select case when a > 1 then 'x' else 'y' end from t; select 1",
                "select 1;\n  select count(*) from t end_of_day;",
                "CREATE FUNCTION f() RETURNS int LANGUAGE sql BEGIN ATOMIC SELECT 1; END",
                "select a$b$c from t; select 1",
                "insert into commits (commit) values (1)",
                "update t set committed = true; select 1",
            })
    void keywordsInsideLiteralsCommentsQuotesAndBodiesAreNoStatement(String sql) {
        assertThat(POSTGRESQL.find(sql)).isNull();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "select 'a''b'; commit",
                "select \"a\"\"b\"; commit",
                "select 1 /* a */; commit",
                "select 1 -- a\n; commit",
                "select 1 /* outer /* inner */ still comment */; commit",
                "select $$x$$; commit",
                "select E'\\\\'; commit",
                "select case when a then 1 end; end",
                "DO $$ BEGIN NULL; END $$; COMMIT",
                "   \n commit   ",
            })
    void statementsAfterClosedLiteralsAndCommentsAreRead(String sql) {
        assertThat(POSTGRESQL.find(sql)).isIn("COMMIT", "END");
    }

    @Test
    void literalsAndCommentsLeftOpenHideNothingTheDatabaseWouldRun() {
        assertThat(POSTGRESQL.find("select 'open; commit")).isNull();
        assertThat(POSTGRESQL.find("select 1; /* open commit")).isNull();
        assertThat(POSTGRESQL.find("select $$ open; commit")).isNull();
        assertThat(POSTGRESQL.find("select 1; -- commit")).isNull();
        assertThat(POSTGRESQL.find("")).isNull();
        assertThat(POSTGRESQL.find("   ")).isNull();
        assertThat(POSTGRESQL.find(";;")).isNull();
        assertThat(POSTGRESQL.find("(select 1)")).isNull();
    }

    @Test
    void commentsNestOnlyWhereTheDatabaseNestsThem() {
        assertThat(H2.find("/* a /* b */ c */ select 1; commit")).isEqualTo("COMMIT");
        assertThat(H2.find("select 1 /* a /* b */ ; commit */")).isNull();
        assertThat(MYSQL.find("select 1 /* a /* b */ ; commit */")).isEqualTo("COMMIT");
        assertThat(ORACLE.find("select 1 from dual /* a /* b */ ; commit */")).isEqualTo("COMMIT");
    }

    @Test
    void dollarQuotesAndBackslashesAreReadOnlyWhereTheDatabaseHasThem() {
        assertThat(H2.find("select $$x; commit$$")).isNull();
        assertThat(H2.find("select $a$ x; commit; $a$")).isEqualTo("COMMIT");
        assertThat(MYSQL.find("select $$ x; commit; $$")).isEqualTo("COMMIT");
        assertThat(H2.find("select E'a\\'; commit; --'")).isEqualTo("COMMIT");
    }

    @Test
    void mysqlCommentsAreReadAsMysqlReadsThem() {
        assertThat(MYSQL.find("select 1 # ; commit\n")).isNull();
        assertThat(MYSQL.find("select 1 # note\n; commit")).isEqualTo("COMMIT");
        assertThat(MYSQL.find("select 1-- 1\n; select 2")).isNull();
        assertThat(MYSQL.find("select 1--1; commit")).isEqualTo("COMMIT");
        assertThat(MYSQL.find("/*!50000 COMMIT */")).isEqualTo("COMMIT");
        assertThat(MYSQL.find("select 1; /*! commit */")).isEqualTo("COMMIT");
        assertThat(POSTGRESQL.find("select 1 # 2; commit")).isEqualTo("COMMIT");
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "SET AUTOCOMMIT TRUE | SET AUTOCOMMIT",
                "set autocommit on | SET AUTOCOMMIT",
                "SET AUTOCOMMIT 1 | SET AUTOCOMMIT",
                "SET autocommit = 1 | SET AUTOCOMMIT",
                "SET autocommit=ON | SET AUTOCOMMIT",
                "set session autocommit = 1 | SET AUTOCOMMIT",
                "SET @@autocommit := 1 | SET AUTOCOMMIT",
                "SET @@session.autocommit = 1 | SET AUTOCOMMIT",
                "SET sql_mode = '', autocommit = 1 | SET AUTOCOMMIT",
                "SET autocommit = 10 | SET AUTOCOMMIT",
                "SET autocommit | SET AUTOCOMMIT",
                "select 1; set autocommit = true; | SET AUTOCOMMIT",
            })
    void autoCommitSwitchedOnIsFound(String sql, String kind) {
        assertThat(MYSQL.find(sql)).isEqualTo(kind);
        assertThat(POSTGRESQL.find(sql)).isEqualTo(kind);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "SET AUTOCOMMIT FALSE",
                "set autocommit off",
                "SET autocommit = 0",
                "SET @@session.autocommit = 0; select 1",
                "SET sql_mode = 'autocommit=1'",
                "SET names utf8mb4",
                "SET @autocommits = 1"
            })
    void autoCommitSwitchedOffAndOtherSettingsPassOnMysql(String sql) {
        assertThat(MYSQL.find(sql)).isNull();
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "SET MODE REGULAR | SET MODE",
                "SET EXCLUSIVE 0 | SET EXCLUSIVE",
                "set referential_integrity true | SET REFERENTIAL_INTEGRITY",
                "SET SESSION CHARACTERISTICS AS TRANSACTION ISOLATION LEVEL SERIALIZABLE | SET CHARACTERISTICS",
            })
    void h2SettingsThatCommitAreFound(String sql, String kind) {
        assertThat(H2.find(sql)).isEqualTo(kind);
        assertThat(MYSQL.find(sql)).isNull();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "SET @total = 1",
                "SET SCHEMA PUBLIC",
                "SET LOCK_TIMEOUT 1000",
                "SET TIME ZONE LOCAL",
                "SET AUTOCOMMIT OFF",
                "BEGIN",
                "BEGIN TRANSACTION",
                "CHECKPOINT"
            })
    void h2SessionSettingsAndBeginPass(String sql) {
        assertThat(H2.find(sql)).isNull();
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "CREATE TABLE t (id int) | DDL CREATE",
                "create index i on t (id) | DDL CREATE",
                "ALTER TABLE t ADD COLUMN c int | DDL ALTER",
                "drop table if exists t | DDL DROP",
                "TRUNCATE TABLE t | DDL TRUNCATE",
                "RENAME TABLE t TO u | DDL RENAME",
                "COMMENT ON TABLE t IS 'x' | DDL COMMENT",
                "GRANT SELECT ON t TO PUBLIC | DDL GRANT",
                "revoke select on t from public | DDL REVOKE",
                "ANALYZE TABLE t | DDL ANALYZE",
                "LOCK TABLES t WRITE | DDL LOCK",
                "insert into t values (1); create table u (id int) | DDL CREATE",
            })
    void dataDefinitionIsFoundWhereItCommits(String sql, String kind) {
        assertThat(MYSQL.find(sql)).isEqualTo(kind);
        assertThat(H2.find(sql)).isEqualTo(kind);
        assertThat(ORACLE.find(sql)).isEqualTo(kind);
        assertThat(POSTGRESQL.find(sql)).isNull();
    }

    @Test
    void temporaryTablesPassOnlyWhereTheyDoNotCommit() {
        assertThat(MYSQL.find("CREATE TEMPORARY TABLE t (id int)")).isNull();
        assertThat(MYSQL.find("drop temporary table t")).isNull();
        assertThat(H2.find("CREATE LOCAL TEMPORARY TABLE t (id int)")).isEqualTo("DDL CREATE");
        assertThat(ORACLE.find("CREATE GLOBAL TEMPORARY TABLE t (id int)")).isEqualTo("DDL CREATE");
    }

    @Test
    void transactionBeginsThatCommitAreFoundOnMysql() {
        assertThat(MYSQL.find("BEGIN")).isEqualTo("BEGIN");
        assertThat(MYSQL.find("begin work")).isEqualTo("BEGIN");
        assertThat(MYSQL.find("START TRANSACTION")).isEqualTo("START TRANSACTION");
        assertThat(MYSQL.find("start transaction read only")).isEqualTo("START TRANSACTION");
        assertThat(MYSQL.find("START SLAVE")).isNull();
        assertThat(MYSQL.find("insert into t values (1); begin; insert into t values (2)"))
                .isEqualTo("BEGIN");
    }

    @Test
    void anonymousBlocksAreOneStatementWhoseInnerCommitIsFound() {
        assertThat(ORACLE.find("BEGIN UPDATE t SET a = 1; END;")).isNull();
        assertThat(ORACLE.find("BEGIN UPDATE t SET a = 1; END; select 1 from dual"))
                .isNull();
        assertThat(ORACLE.find("DECLARE n NUMBER; BEGIN SELECT count(*) INTO n FROM t; END;"))
                .isNull();
        assertThat(ORACLE.find("BEGIN IF a THEN x := 1; END IF; LOOP y := 2; END LOOP; END;"))
                .isNull();
        assertThat(ORACLE.find("BEGIN x := CASE WHEN a THEN 1 ELSE 2 END; BEGIN NULL; END; END; COMMIT"))
                .isEqualTo("COMMIT");
        assertThat(ORACLE.find("BEGIN CASE a WHEN 1 THEN NULL; END CASE; END; COMMIT"))
                .isEqualTo("COMMIT");
        assertThat(ORACLE.find("BEGIN INSERT INTO t VALUES (1); COMMIT; END;")).isEqualTo("COMMIT");
        assertThat(ORACLE.find("BEGIN IF a THEN COMMIT; END IF; END;")).isEqualTo("COMMIT");
        assertThat(ORACLE.find("BEGIN EXECUTE IMMEDIATE 'CREATE TABLE t (id int)'; END;"))
                .isEqualTo("EXECUTE IMMEDIATE");
        assertThat(ORACLE.find("BEGIN UPDATE t SET a = 1; END; END")).isEqualTo("END");
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "MYSQL  | CALL recalc(1)                       | CALL RECALC",
                "MYSQL  | call recalc                          | CALL RECALC",
                "MYSQL  | update t set a = 1; CALL `billing`.`recalc`(1) | CALL BILLING.RECALC",
                "ORACLE | CALL billing.recalc(1)               | CALL BILLING.RECALC",
                "ORACLE | BEGIN billing.recalc(1); END;        | CALL BILLING.RECALC",
                "ORACLE | BEGIN recalc; END;                   | CALL RECALC",
                "ORACLE | DECLARE n NUMBER; BEGIN n := 1; IF n > 0 THEN recalc(n); END IF; END; | CALL RECALC",
                "ORACLE | BEGIN EXECUTE IMMEDIATE 'COMMIT'; END; | EXECUTE IMMEDIATE",
                "ORACLE | {call recalc(?)}                     | CALL RECALC",
                "ORACLE | { ? = call billing.recalc(?) }       | CALL BILLING.RECALC",
                "H2     | CALL recalc(1)                       | CALL RECALC",
                "H2     | call \"Recalc\" (1)                 | CALL RECALC",
                "H2     | {call recalc(?)}                     | CALL RECALC",
                "H2     | select 1; {?= call public.recalc()}  | CALL PUBLIC.RECALC",
                "H2     | EXECUTE IMMEDIATE 'COMMIT'           | EXECUTE IMMEDIATE",
                "OTHER  | EXEC recalc 1                        | EXEC RECALC",
                "OTHER  | EXECUTE [billing].[recalc] @id = 1   | EXECUTE BILLING.RECALC",
                "OTHER  | EXEC @rc = recalc 1                  | EXEC",
                "OTHER  | EXEC ('COMMIT')                      | EXEC",
                "OTHER  | BEGIN recalc(1); END;                | CALL RECALC",
                "OTHER  | CALL (1)                             | CALL"
            })
    void procedureCallsAreFoundWhereAProcedureCanCommit(SqlDatabase database, String sql, String kind) {
        assertThat(TransactionEndingStatements.of(database, false).find(sql)).isEqualTo(kind);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "CALL recalc(1)",
                "{call recalc(?)}",
                "{? = call recalc(?)}",
                "select 1; call recalc(1)",
                "EXECUTE recalc_plan(1)",
                "DO $$ BEGIN CALL recalc(1); END $$",
                "CREATE PROCEDURE p() LANGUAGE SQL BEGIN ATOMIC CALL recalc(1); END"
            })
    void procedureCallsPassOnPostgresql(String sql) {
        assertThat(POSTGRESQL.find(sql)).isNull();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "CALL NEXT VALUE FOR order_ids",
                "call 1 + 1",
                "CALL CURRENT_TIMESTAMP",
                "call recalc",
                "{fn ucase('a')}",
                "{call}",
                "{? call recalc(1)}"
            })
    void h2CallOfAnExpressionIsNoProcedureCall(String sql) {
        assertThat(H2.find(sql)).isNull();
    }

    @Test
    void blockStatementsThatCallNothingPass() {
        assertThat(ORACLE.find("BEGIN IF (a > 1) THEN NULL; ELSIF (a > 2) THEN RETURN; END IF; END;"))
                .isNull();
        assertThat(ORACLE.find("BEGIN x := recalc(1); ROLLBACK; EXCEPTION WHEN OTHERS THEN RAISE; END;"))
                .isNull();
        assertThat(ORACLE.find("DECLARE v VARCHAR2(10); BEGIN SELECT a INTO v FROM t; END;"))
                .isNull();
    }

    @Test
    void shadowSafeProceduresPassQualifiedOrNotAndCaseIgnored() {
        TransactionEndingStatements oracle = ORACLE.withShadowSafeProcedures(List.of("recalc", " Billing.Refresh "));
        assertThat(oracle.find("CALL RECALC(1)")).isNull();
        assertThat(oracle.find("CALL any_schema.recalc(1)")).isNull();
        assertThat(oracle.find("BEGIN \"RECALC\"(1); billing.refresh; END;")).isNull();
        assertThat(oracle.find("{call billing.refresh()}")).isNull();
        assertThat(oracle.find("CALL refresh()")).isEqualTo("CALL REFRESH");
        assertThat(oracle.find("CALL other.refresh()")).isEqualTo("CALL OTHER.REFRESH");
        assertThat(oracle.find("CALL recalc(1); COMMIT")).isEqualTo("COMMIT");
        assertThat(oracle.find("EXECUTE IMMEDIATE 'x'")).isEqualTo("EXECUTE IMMEDIATE");
        assertThat(oracle.database()).isEqualTo(SqlDatabase.ORACLE);
        assertThat(oracle.ddlCommits()).isTrue();
        assertThat(H2.withShadowSafeProcedures(List.of("PUBLIC.RECALC")).find("call public.recalc(1)"))
                .isNull();
        assertThatIllegalArgumentException().isThrownBy(() -> ORACLE.withShadowSafeProcedures(List.of(" ")));
    }

    @Test
    void cursorsDeclaredOnPostgresqlAreNoBlock() {
        assertThat(POSTGRESQL.find("DECLARE c CURSOR FOR SELECT 1; COMMIT")).isEqualTo("COMMIT");
        TransactionEndingStatements other = TransactionEndingStatements.of(SqlDatabase.OTHER, false);
        assertThat(other.find("DECLARE c SCROLL CURSOR FOR SELECT 1; COMMIT")).isEqualTo("COMMIT");
        assertThat(other.find("DECLARE n int; BEGIN SELECT 1; END; COMMIT")).isEqualTo("COMMIT");
        assertThat(other.find("BEGIN TRAN; COMMIT")).isEqualTo("COMMIT");
    }

    @Test
    void theDatabaseIsRecognisedByItsProductName() {
        assertThat(SqlDatabase.of("PostgreSQL")).isEqualTo(SqlDatabase.POSTGRESQL);
        assertThat(SqlDatabase.of("H2")).isEqualTo(SqlDatabase.H2);
        assertThat(SqlDatabase.of("MySQL")).isEqualTo(SqlDatabase.MYSQL);
        assertThat(SqlDatabase.of("MariaDB")).isEqualTo(SqlDatabase.MYSQL);
        assertThat(SqlDatabase.of("Oracle")).isEqualTo(SqlDatabase.ORACLE);
        assertThat(SqlDatabase.of("Microsoft SQL Server")).isEqualTo(SqlDatabase.OTHER);
        assertThat(SqlDatabase.of(null)).isEqualTo(SqlDatabase.OTHER);
        assertThat(TransactionEndingStatements.forProduct("PostgreSQL").ddlCommits())
                .isFalse();
        assertThat(TransactionEndingStatements.forProduct("H2").ddlCommits()).isTrue();
        assertThat(TransactionEndingStatements.forProduct("H2").database()).isEqualTo(SqlDatabase.H2);
        assertThat(TransactionEndingStatements.forProduct(null).ddlCommits()).isTrue();
    }
}
