package dev.shadowtx.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import dev.shadowtx.audit.autoconfigure.ShadowAuditAutoConfiguration;
import dev.shadowtx.autoconfigure.ShadowAutoConfiguration;
import dev.shadowtx.core.ShadowBlockedException;
import dev.shadowtx.core.ShadowTraffic;
import dev.shadowtx.core.audit.ChannelBean;
import dev.shadowtx.core.audit.ChannelInspector;
import dev.shadowtx.core.audit.ChannelKind;
import dev.shadowtx.core.context.ShadowMode;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * A module (here, the test's own {@code META-INF/spring.factories}) contributes the inspection of
 * its channels: the audit lists them with the contributed kind, guard and fix, and the monitor
 * refuses shadow calls to the ones the inspection watches and finds unguarded.
 */
class ContributedInspectionTests {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(ShadowAutoConfiguration.class, ShadowAuditAutoConfiguration.class))
            .withUserConfiguration(Ledgers.class);

    @Test
    void theAuditListsContributedChannelsWithTheirInspectorsVerdict() {
        this.runner.run((context) -> {
            ChannelInventory inventory = context.getBean(ShadowLeakAudit.class).inventory();
            assertThat(inventory.channels())
                    .filteredOn((channel) -> channel.kind() == LedgerChannelInspector.LEDGER)
                    .extracting(AuditedChannel::beanName, AuditedChannel::coverage, AuditedChannel::detail)
                    .containsExactly(
                            org.assertj.core.groups.Tuple.tuple(
                                    "dryRunLedger", ChannelCoverage.GUARDED, "dry-run ledger: nothing is booked"),
                            org.assertj.core.groups.Tuple.tuple("ledger", ChannelCoverage.UNCOVERED, "books for real"));
            assertThat(inventory.report())
                    .contains("NOT COVERED  [ledger] ledger (" + Ledger.class.getName() + ") -- books for real")
                    .contains("fix: use a DryRunLedger in shadow; or accept it on purpose with "
                            + "shadow.audit.accepted=ledger");
        });
    }

    @Test
    void aWatchedUncoveredContributedChannelRefusesShadowCallsAndBooksLiveOnes() {
        this.runner.run((context) -> {
            Ledger ledger = context.getBean("ledger", Ledger.class);
            ShadowTraffic.runIsolated(
                    ShadowMode.SHADOW,
                    () -> assertThatExceptionOfType(ShadowBlockedException.class)
                            .isThrownBy(() -> ledger.book("shadow-entry")));
            ledger.book("live-entry");
            assertThat(ledger.entries()).containsExactly("live-entry");
        });
    }

    @Test
    void anAcceptedContributedChannelBooksInShadowToo() {
        this.runner.withPropertyValues("shadow.audit.accepted=ledger").run((context) -> {
            Ledger ledger = context.getBean("ledger", Ledger.class);
            ShadowTraffic.runIsolated(ShadowMode.SHADOW, () -> ledger.book("accepted-entry"));
            assertThat(ledger.entries()).containsExactly("accepted-entry");
        });
    }

    @Test
    @ExtendWith(OutputCaptureExtension.class)
    void aFinalChannelDeclaredByItsClassIsListedButLeftUnwrappedSoThatItCanStillBeInjectedByItsClass(
            CapturedOutput output) {
        this.runner.withUserConfiguration(BridgeDeclaredByClass.class).run((context) -> {
            assertThat(context).hasNotFailed();
            assertThat(context.getBean(BridgeUser.class).bridge()).isSameAs(context.getBean(LedgerBridge.class));
            assertThat(context.getBean(ShadowLeakAudit.class).inventory().report())
                    .contains("NOT COVERED  [ledger] ledgerBridge (" + LedgerBridge.class.getName() + ")");
            assertThat(output)
                    .contains("Cannot watch ledger channel 'ledgerBridge'")
                    .contains("its calls in shadow are not refused");
        });
    }

    @Test
    void aFinalChannelDeclaredByItsInterfaceIsWatchedThroughThatInterface() {
        this.runner.withUserConfiguration(BridgeDeclaredByInterface.class).run((context) -> {
            Bookkeeping bridge = context.getBean("ledgerBridge", Bookkeeping.class);
            assertThat(bridge).isNotInstanceOf(LedgerBridge.class);
            ShadowTraffic.runIsolated(
                    ShadowMode.SHADOW,
                    () -> assertThatExceptionOfType(ShadowBlockedException.class)
                            .isThrownBy(() -> bridge.book("shadow-entry")));
        });
    }

    @Configuration(proxyBeanMethods = false)
    static class BridgeDeclaredByClass {

        @Bean
        LedgerBridge ledgerBridge() {
            return new LedgerBridge();
        }

        @Bean
        BridgeUser bridgeUser(LedgerBridge ledgerBridge) {
            return new BridgeUser(ledgerBridge);
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class BridgeDeclaredByInterface {

        @Bean
        Bookkeeping ledgerBridge() {
            return new LedgerBridge();
        }
    }

    record BridgeUser(LedgerBridge bridge) {}

    /**
     * What a ledger bridge offers.
     */
    public interface Bookkeeping {

        void book(String entry);
    }

    /**
     * A final client with an interface, declared by its class the way Spring Cloud Stream declares
     * its {@code StreamBridge}.
     */
    public static final class LedgerBridge implements Bookkeeping {

        @Override
        public void book(String entry) {}
    }

    @Configuration(proxyBeanMethods = false)
    static class Ledgers {

        @Bean
        Ledger ledger() {
            return new Ledger();
        }

        @Bean
        DryRunLedger dryRunLedger() {
            return new DryRunLedger();
        }
    }

    /**
     * A vendor client whose calls book entries.
     */
    public static class Ledger {

        private final List<String> entries = new CopyOnWriteArrayList<>();

        public void book(String entry) {
            this.entries.add(entry);
        }

        public List<String> entries() {
            return this.entries;
        }
    }

    /**
     * The same client in a mode that books nothing.
     */
    public static class DryRunLedger extends Ledger {}

    /**
     * The inspection a ledger module would contribute.
     */
    public static final class LedgerChannelInspector implements ChannelInspector {

        static final ChannelKind LEDGER =
                ChannelKind.guardable("ledger", "books for real", "use a DryRunLedger in shadow");

        @Override
        public @Nullable ChannelKind kindOf(Class<?> beanType) {
            return (Ledger.class.isAssignableFrom(beanType) || Bookkeeping.class.isAssignableFrom(beanType))
                    ? LEDGER
                    : null;
        }

        @Override
        public @Nullable String guard(ChannelBean channel) {
            return (channel.existing() instanceof DryRunLedger) ? "dry-run ledger: nothing is booked" : null;
        }

        @Override
        public boolean isWatched(ChannelKind kind, Object bean) {
            return !(bean instanceof DryRunLedger);
        }
    }
}
