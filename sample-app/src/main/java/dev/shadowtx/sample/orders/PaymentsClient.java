package dev.shadowtx.sample.orders;

import java.math.BigDecimal;
import org.springframework.cloud.openfeign.FeignClient;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;

/**
 * The payments service. Where its shadow calls go is configuration, not code:
 * {@code shadow.feign.clients.payments} in {@code application.yml}.
 */
@FeignClient(name = "payments", url = "${payments.url}")
interface PaymentsClient {

    @PostMapping("/charges")
    Charge charge(@RequestBody ChargeRequest request);

    /**
     * A charge to make.
     *
     * @param orderId order being paid
     * @param amount amount to charge
     */
    record ChargeRequest(long orderId, BigDecimal amount) {}

    /**
     * What the payments service answered.
     *
     * @param paymentId id of the payment at the provider
     * @param status {@code APPROVED} or {@code DECLINED}
     * @param mode the mode the payments service saw the call in
     */
    record Charge(String paymentId, String status, String mode) {}
}
