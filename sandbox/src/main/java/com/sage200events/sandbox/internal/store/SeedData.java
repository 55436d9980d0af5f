package com.sage200events.sandbox.internal.store;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Map;

/**
 * The default records: a small, plausible book for the demo company so a freshly started sandbox
 * has something to poll. Everything is stamped with the start (or reset) time.
 */
public final class SeedData {

    private SeedData() {}

    public static void load(ResourceCatalog catalog, Instant now, Instant today) {
        Writer w = new Writer(catalog, now, today);
        long nominalSales = w.create("nominal_codes", Map.of("reference", "4000", "name", "Sales - Products"));
        w.create("nominal_codes", Map.of("reference", "1200", "name", "Bank Current Account"));

        long acme = w.create("customers", Map.of("reference", "ACME01", "name", "Acme Office Supplies Ltd",
                "short_name", "ACME01", "credit_limit", new BigDecimal("5000.00"),
                "main_address", Map.of("address_1", "1 High Street", "city", "Newcastle upon Tyne", "postcode", "NE1 1AA")));
        w.create("customers", Map.of("reference", "BRIGHT01", "name", "Bright Lights Retail plc",
                "short_name", "BRIGHT01", "credit_limit", new BigDecimal("12000.00")));
        w.create("customers", Map.of("reference", "CORNER01", "name", "Corner Cafe",
                "short_name", "CORNER01", "on_hold", true));

        w.create("suppliers", Map.of("reference", "PAPER01", "name", "Paper Mill Wholesale Ltd", "short_name", "PAPER01"));

        long warehouse = w.create("warehouses", Map.of("name", "Home", "description", "Main warehouse", "city", "Newcastle upon Tyne"));
        String[][] products = {{"A4PAPER", "A4 Copier Paper (box)"}, {"STAPLER", "Heavy Duty Stapler"}, {"INKBLK", "Black Ink Cartridge"}};
        for (String[] product : products) {
            long productId = w.create("products", Map.of("code", product[0], "name", product[1], "description", product[1],
                    "revenue_nominal_code_id", nominalSales));
            w.create("warehouse_holdings", Map.of("warehouse_id", warehouse, "product_id", productId,
                    "warehouse_name", "Home", "quantity_in_stock", new BigDecimal("100"), "free_stock_available", new BigDecimal("100")));
        }

        w.create("sales_posted_transactions", Map.of("customer_id", acme, "trader_transaction_type", "TradingAccountEntryTypeInvoice",
                "reference", "INV0001", "document_goods_value", new BigDecimal("100.00"), "document_tax_value", new BigDecimal("20.00"),
                "document_gross_value", new BigDecimal("120.00"), "document_outstanding_value", new BigDecimal("120.00")));
        w.create("sales_posted_transactions", Map.of("customer_id", acme,
                "trader_transaction_type", "TradingAccountEntryTypePurchasePaymentSalesReceipt", "reference", "REC0001",
                "document_gross_value", new BigDecimal("-50.00"), "document_outstanding_value", new BigDecimal("-50.00")));

        w.create("sop_orders", Map.of("customer_id", acme, "document_no", "0000000001", "customer_document_no", "PO-1001",
                "total_net_value", new BigDecimal("100.00"), "total_tax_value", new BigDecimal("20.00"),
                "total_gross_value", new BigDecimal("120.00")));
    }

    private record Writer(ResourceCatalog catalog, Instant now, Instant today) {
        long create(String resource, Map<String, Object> fields) {
            ResourceStore store = catalog.store(resource).orElseThrow();
            return store.create(fields, WriteMode.ADMIN, now, today).id();
        }
    }
}
