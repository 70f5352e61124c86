/**
 * Auto-configuration of the shadow rule for AWS SDK handles.
 */
@NullMarked
package dev.shadowtx.aws.autoconfigure;

import org.jspecify.annotations.NullMarked;
