package dev.shadowtx.web.reactive;

@WebFluxOnH2
class H2WebFluxGuardIntegrationTests extends AbstractWebFluxGuardIntegrationTests {

    @Override
    String jdbcUrl() {
        return WebFluxOnH2.JDBC_URL;
    }

    @Override
    String user() {
        return "sa";
    }
}
