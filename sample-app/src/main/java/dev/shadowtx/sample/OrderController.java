package dev.shadowtx.sample;

import java.util.List;
import java.util.Map;

import dev.shadowtx.core.context.ShadowContextHolder;
import dev.shadowtx.core.context.ShadowMode;

import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * Creates and lists orders. Nothing here knows about shadow traffic, apart from reporting the
 * mode each request ran in, for the demo.
 */
@RestController
class OrderController {

	private final JdbcTemplate jdbc;

	OrderController(JdbcTemplate jdbc) {
		this.jdbc = jdbc;
	}

	@PostMapping("/orders")
	@ResponseStatus(HttpStatus.CREATED)
	@Transactional
	Map<String, Object> create(@RequestBody OrderRequest request) {
		this.jdbc.update("insert into orders (item, quantity) values (?, ?)", request.item(), request.quantity());
		return Map.of("item", request.item(), "quantity", request.quantity(), "status", "CREATED", "mode",
				ShadowContextHolder.currentMode().map(ShadowMode::markerValue).orElse("live"));
	}

	@GetMapping("/orders")
	List<Map<String, Object>> list() {
		return this.jdbc.queryForList("select id, item, quantity from orders order by id");
	}

	record OrderRequest(String item, int quantity) {
	}

}
