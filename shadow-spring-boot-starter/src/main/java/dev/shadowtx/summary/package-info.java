/**
 * What shadowtx does in this application, as its parts describe themselves: logged in one line at
 * startup.
 */
@NullMarked
package dev.shadowtx.summary;

import org.jspecify.annotations.NullMarked;
