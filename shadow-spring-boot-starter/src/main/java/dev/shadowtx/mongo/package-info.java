/**
 * MongoDB in shadow: reads pass, writes through a {@code MongoClient}, a
 * {@code MongoDatabaseFactory}, a {@code MongoTemplate}, their reactive counterparts or any
 * database or collection they hand out are blocked.
 */
@NullMarked
package dev.shadowtx.mongo;

import org.jspecify.annotations.NullMarked;
