/**
 * Carries the shadow context into the threads where a unit of work continues: executor and
 * scheduler beans, Spring MVC async handling and Reactor.
 */
@NullMarked
package dev.shadowtx.async;

import org.jspecify.annotations.NullMarked;
