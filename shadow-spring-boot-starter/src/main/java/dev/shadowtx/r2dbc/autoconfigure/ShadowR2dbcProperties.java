package dev.shadowtx.r2dbc.autoconfigure;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The R2DBC guard.
 */
@ConfigurationProperties("shadow.r2dbc")
public class ShadowR2dbcProperties {

    /**
     * Whether connections created by R2DBC connection factories in shadow never commit, even
     * with auto-commit code.
     */
    private boolean guard = true;

    public boolean isGuard() {
        return this.guard;
    }

    public void setGuard(boolean guard) {
        this.guard = guard;
    }
}
