/**
 * Auto-configuration of the inbound filters, servlet and reactive, and their {@code shadow.protection.*} limits.
 */
@NullMarked
package dev.shadowtx.web.autoconfigure;

import org.jspecify.annotations.NullMarked;
