package dev.shadowtx.jdbc.autoconfigure;

import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/**
 * An order of the routing test application. Its id comes from each store's identity column:
 * Hibernate keeps no id block in memory that could cross from one store to the other.
 */
@Entity
@Table(name = "routed_orders")
class RoutedOrder {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    private String item;

    private String status;

    protected RoutedOrder() {}

    RoutedOrder(String item) {
        this.item = item;
        this.status = "NEW";
    }

    Long getId() {
        return this.id;
    }

    String getItem() {
        return this.item;
    }

    String getStatus() {
        return this.status;
    }

    void pay() {
        this.status = "PAID";
    }

    @Override
    public String toString() {
        return this.id + " " + this.item + " " + this.status;
    }
}
