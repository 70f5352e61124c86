/** Response comparison: what a service answered, as exchange records, and how live and shadow answers differ. */
@NullMarked
package dev.shadowtx.compare;

import org.jspecify.annotations.NullMarked;
