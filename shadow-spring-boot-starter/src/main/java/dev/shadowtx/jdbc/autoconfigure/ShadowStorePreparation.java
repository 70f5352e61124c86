package dev.shadowtx.jdbc.autoconfigure;

/**
 * Something that brings a shadow store up to date (schema migrations, seeding). Every such bean
 * runs once at startup, right before the shadow stores are checked, so the check sees the schema
 * that shadow traffic will use; being called rather than initialised, it also runs in
 * applications with lazy initialisation.
 */
interface ShadowStorePreparation {

    /**
     * Prepare the shadow store.
     */
    void prepare();
}
