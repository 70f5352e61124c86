package dev.shadowtx.benchmarks.app;

import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Reads and writes orders with a {@link JdbcTemplate}, the writes in a Spring transaction.
 */
@Service
class OrderService {

    private final JdbcTemplate jdbc;

    OrderService(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public List<Map<String, Object>> recent() {
        return this.jdbc.queryForList("select id, item, quantity from orders order by id desc limit 20");
    }

    @Transactional
    public void create(String item, int quantity) {
        this.jdbc.update("insert into orders (item, quantity) values (?, ?)", item, quantity);
    }
}
