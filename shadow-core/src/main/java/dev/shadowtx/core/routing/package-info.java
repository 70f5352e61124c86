/**
 * Shadow data-store routing: in shadow, a routed {@link javax.sql.DataSource} serves every
 * connection from a separate shadow store, so multi-step synthetic flows keep their writes there.
 */
@NullMarked
package dev.shadowtx.core.routing;

import org.jspecify.annotations.NullMarked;
