package dev.shadowtx.sample.orders;

/**
 * Body of {@code POST /orders}.
 *
 * @param item what is ordered
 * @param quantity how many
 */
record OrderRequest(String item, int quantity) {}
