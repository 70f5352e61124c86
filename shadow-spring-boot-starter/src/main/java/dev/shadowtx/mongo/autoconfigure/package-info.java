/**
 * Auto-configuration of the shadow rule for MongoDB handles.
 */
@NullMarked
package dev.shadowtx.mongo.autoconfigure;

import org.jspecify.annotations.NullMarked;
