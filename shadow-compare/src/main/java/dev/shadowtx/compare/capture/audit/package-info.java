/** The leak audit's view of capture: the exchange-record publisher is shadowtx's own channel. */
@NullMarked
package dev.shadowtx.compare.capture.audit;

import org.jspecify.annotations.NullMarked;
