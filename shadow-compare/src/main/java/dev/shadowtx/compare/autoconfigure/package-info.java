/** Auto-configuration of capture and analyzer, and the {@code shadow.compare.*} properties. */
@NullMarked
package dev.shadowtx.compare.autoconfigure;

import org.jspecify.annotations.NullMarked;
