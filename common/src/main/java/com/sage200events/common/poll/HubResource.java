package com.sage200events.common.poll;

import java.util.Arrays;
import java.util.Optional;

/**
 * The finance hub's resources and the Sage 200 endpoint (and fixed filter) each one reads from
 * (DESIGN.md §4). Invoices and payments are both views of {@code sales_posted_transactions}.
 */
public enum HubResource {
    CUSTOMERS("customers", "/customers", null),
    PRODUCTS("products", "/products", null),
    WAREHOUSES("warehouses", "/warehouses", null),
    WAREHOUSE_HOLDINGS("warehouse-holdings", "/warehouse_holdings", null),
    TRANSACTIONS("transactions", "/sales_posted_transactions", null),
    INVOICES("invoices", "/sales_posted_transactions", "trader_transaction_type eq 'TradingAccountEntryTypeInvoice'"),
    PAYMENTS("payments", "/sales_posted_transactions",
            "trader_transaction_type eq 'TradingAccountEntryTypePurchasePaymentSalesReceipt'"),
    SUPPLIERS("suppliers", "/suppliers", null),
    SALES_ORDERS("sales-orders", "/sop_orders", null),
    NOMINAL_CODES("nominal-codes", "/nominal_codes", null);

    private final String hubName;
    private final String sagePath;
    private final String fixedFilter;

    HubResource(String hubName, String sagePath, String fixedFilter) {
        this.hubName = hubName;
        this.sagePath = sagePath;
        this.fixedFilter = fixedFilter;
    }

    public String hubName() {
        return hubName;
    }

    public String sagePath() {
        return sagePath;
    }

    /** An OData clause always applied for this resource, or empty. */
    public Optional<String> fixedFilter() {
        return Optional.ofNullable(fixedFilter);
    }

    public static Optional<HubResource> byHubName(String name) {
        return Arrays.stream(values()).filter(r -> r.hubName.equals(name)).findFirst();
    }

    public static String knownNames() {
        return String.join(", ", Arrays.stream(values()).map(HubResource::hubName).toList());
    }
}
