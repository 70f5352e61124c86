/** Analyzer: a Kafka Streams topology that pairs exchange records by id and judges the differences. */
@NullMarked
package dev.shadowtx.compare.analyzer;

import org.jspecify.annotations.NullMarked;
