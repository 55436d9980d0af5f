package com.sage200events.sandbox.internal.store;

import com.sage200events.sandbox.internal.ExactDecimal;
import com.sage200events.sandbox.internal.ApiError;
import com.sage200events.sandbox.internal.schema.SchemaReader;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code POST /sales_invoices} and {@code POST /sales_receipts}. As Sage's files describe them, neither
 * creates an entity of its own: each posts a {@code sales_posted_transaction} (of type
 * {@code TradingAccountEntryTypeInvoice} or {@code TradingAccountEntryTypePurchasePaymentSalesReceipt})
 * and answers with its URN. Bodies are checked against Sage's request schemas (required fields, types,
 * maximum lengths); unknown properties are ignored as Sage's JSON binding ignores them.
 *
 * <p>Simplified: the customer must exist, but banks, tax codes and nominal codes are not modelled
 * ({@code bank_id} is taken as given, analysis lines are not posted); receipts carry negative values, as a
 * credit on the customer's account; the customer's balance is not recomputed.
 */
public final class SalesPosting {

    public static final String INVOICE = "TradingAccountEntryTypeInvoice";
    public static final String RECEIPT = "TradingAccountEntryTypePurchasePaymentSalesReceipt";

    /** Without payment terms to read, an invoice falls due 30 days after its date. */
    private static final Duration DEFAULT_TERMS = Duration.ofDays(30);

    private final ResourceCatalog catalog;
    private final RecordFactory invoices = new RecordFactory(SchemaReader.load("sales_invoices"));
    private final RecordFactory receipts = new RecordFactory(SchemaReader.load("sales_receipts"));

    public SalesPosting(ResourceCatalog catalog) {
        this.catalog = catalog;
    }

    /** @throws ApiError 400 for a body Sage would refuse */
    public StoredRecord invoice(Map<String, Object> body, Instant now, Instant today) {
        Map<String, Object> in = validated(invoices, body, now, today);
        BigDecimal goods = decimal(in, "document_goods_value");
        BigDecimal tax = decimal(in, "document_tax_value");
        BigDecimal gross = goods.add(tax);
        boolean settled = Boolean.TRUE.equals(in.get("settled_immediately"));
        Map<String, Object> posted = common(in, INVOICE, today);
        Instant date = (Instant) posted.get("transaction_date");
        posted.put("due_date", in.get("due_date") != null ? in.get("due_date") : date.plus(DEFAULT_TERMS));
        posted.put("settled_immediately", settled);
        posted.put("discount_percent", decimal(in, "discount_percent"));
        posted.put("discount_days", in.get("discount_days"));
        values(posted, rate(in), goods, tax, decimal(in, "document_discount_value"), decimal(in, "document_tax_discount_value"),
                gross, settled ? BigDecimal.ZERO : gross);
        return post(posted, now, today);
    }

    /** @throws ApiError 400 for a body Sage would refuse */
    public StoredRecord receipt(Map<String, Object> body, Instant now, Instant today) {
        Map<String, Object> in = validated(receipts, body, now, today);
        // customer_cheque_value (in the account's currency) wins when given; otherwise the cheque's own value.
        BigDecimal toAccount = decimal(in, "customer_cheque_value");
        BigDecimal paid = toAccount.signum() != 0 ? toAccount : decimal(in, "cheque_value");
        if (paid.signum() <= 0) {
            throw ApiError.badRequest("The request is invalid. The cheque_value must be greater than zero.");
        }
        Map<String, Object> posted = common(in, RECEIPT, today);
        posted.put("due_date", posted.get("transaction_date"));
        BigDecimal discount = decimal(in, "settlement_discount_value");
        values(posted, rate(in), paid.negate(), BigDecimal.ZERO, discount.negate(), BigDecimal.ZERO, paid.negate(), paid.negate());
        return post(posted, now, today);
    }

    private Map<String, Object> validated(RecordFactory factory, Map<String, Object> body, Instant now, Instant today) {
        factory.checkRequired(body);
        Map<String, Object> in = factory.fresh(0, now, today);
        factory.apply(in, body, WriteMode.SAGE, now);
        long customerId = (Long) in.get("customer_id");
        if (customers().find(customerId).isEmpty()) {
            throw ApiError.badRequest("The request is invalid. No customer found with id " + customerId + ".");
        }
        return in;
    }

    private Map<String, Object> common(Map<String, Object> in, String type, Instant today) {
        Map<String, Object> posted = new LinkedHashMap<>();
        posted.put("customer_id", in.get("customer_id"));
        posted.put("trader_transaction_type", type);
        // Sage stores what it was sent; a posting without a reference has an empty one.
        posted.put("reference", in.get("reference"));
        posted.put("second_reference", in.get("second_reference"));
        posted.put("transaction_date", in.get("transaction_date") != null ? in.get("transaction_date") : today);
        posted.put("posted_date", today);
        posted.put("user_name", "API");
        return posted;
    }

    /** Document values as given; base values converted at the exchange rate (1 for the base currency). */
    private static void values(Map<String, Object> posted, BigDecimal rate, BigDecimal goods, BigDecimal tax, BigDecimal discount,
                               BigDecimal taxDiscount, BigDecimal gross, BigDecimal outstanding) {
        posted.put("exchange_rate", rate);
        posted.put("document_goods_value", goods);
        posted.put("document_tax_value", tax);
        posted.put("document_gross_value", gross);
        posted.put("document_discount_value", discount);
        posted.put("document_tax_discount_value", taxDiscount);
        posted.put("document_outstanding_value", outstanding);
        posted.put("document_allocated_value", gross.subtract(outstanding));
        posted.put("base_goods_value", base(goods, rate));
        posted.put("base_tax_value", base(tax, rate));
        posted.put("base_gross_value", base(gross, rate));
        posted.put("base_discount_value", base(discount, rate));
        posted.put("base_tax_discount_value", base(taxDiscount, rate));
        posted.put("base_allocated_value", base(gross.subtract(outstanding), rate));
        posted.put("control_value_in_base_currency", base(gross, rate));
    }

    private StoredRecord post(Map<String, Object> posted, Instant now, Instant today) {
        ResourceStore transactions = catalog.store("sales_posted_transactions").orElseThrow();
        Map<String, Object> fields = new HashMap<>(posted);
        fields.values().removeIf(java.util.Objects::isNull);
        return transactions.create(fields, WriteMode.ADMIN, now, today);
    }

    private ResourceStore customers() {
        return catalog.store("customers").orElseThrow();
    }

    private static BigDecimal rate(Map<String, Object> in) {
        BigDecimal rate = decimal(in, "exchange_rate");
        return rate.signum() == 0 ? BigDecimal.ONE.setScale(6) : rate;
    }

    private static BigDecimal base(BigDecimal value, BigDecimal rate) {
        return value.divide(rate, 2, RoundingMode.HALF_UP);
    }

    private static BigDecimal decimal(Map<String, Object> in, String name) {
        Object value = in.get(name);
        return value instanceof BigDecimal d ? d : value instanceof ExactDecimal exact ? exact.decimal() : BigDecimal.ZERO;
    }
}
