/**
 * AWS SDK v2 service clients in shadow: reads ({@code get*}, {@code list*}, {@code describe*},
 * ...) pass, every other operation (sends, publishes, {@code set*Attributes}, deletes) is
 * blocked.
 */
@NullMarked
package dev.shadowtx.aws;

import org.jspecify.annotations.NullMarked;
