#!/usr/bin/env python3
"""Condenses the Sage 200 OpenAPI schemas the sandbox serves into its own field lists.

The OpenAPI files stay in ../shared (they are reference data, not part of the project); this tool
reads them and writes one `<resource>.schema` per resource: field names, JSON types and the few
defaults the sandbox needs. Re-run it when Sage's files change or a resource is added:

    python3 sandbox/tools/extract_schemas.py ../shared/sage200-openapi sandbox/src/main/resources/com/sage200events/sandbox/schema
"""
import json
import os
import sys

# resource (path segment) -> (OpenAPI file, schema name)
RESOURCES = {
    "customers": ("sales.json", "customer"),
    "products": ("stock.json", "product"),
    "warehouses": ("stock.json", "warehouse"),
    "warehouse_holdings": ("stock.json", "warehouse_holding"),
    "sales_posted_transactions": ("sales.json", "sales_posted_transaction"),
    "suppliers": ("purchases.json", "supplier"),
    "sop_orders": ("sop.json", "sop_order"),
    "nominal_codes": ("nominal.json", "nominal_code"),
    # Request bodies only: posting one creates a sales_posted_transaction (see SalesPosting.java)
    "sales_invoices": ("sales.json", "sales_invoice"),
    "sales_receipts": ("sales.json", "sales_receipt"),
}

# Defaults the spec does not give but a fresh record needs to look real. Only enum names that
# appear in Sage's own files are used; `{id}` is replaced by the record's id, @today/@now by the
# sandbox clock, @id by the record id.
OVERRIDES = {
    "customers": {"reference": "CUST{id}", "name": "Sandbox Customer {id}", "short_name": "CUST{id}",
                  "account_opened": "@today", "main_address.customer_id": "@id"},
    "products": {"code": "PROD{id}", "name": "Sandbox Product {id}", "description": "Sandbox Product {id}"},
    "warehouses": {"name": "Warehouse {id}"},
    "sales_posted_transactions": {"trader_transaction_type": "TradingAccountEntryTypeInvoice",
                                  "reference": "INV{id}", "transaction_date": "@today",
                                  "posted_date": "@today", "due_date": "@today", "urn": "@id"},
    "suppliers": {"reference": "SUPP{id}", "name": "Sandbox Supplier {id}", "short_name": "SUPP{id}",
                  "account_opened": "@today", "main_address.supplier_id": "@id"},
    "sop_orders": {"document_no": "{id}", "document_date": "@today",
                   "document_status": "EnumDocumentStatusLive", "customer_type": "EnumCustomerTypeCredit"},
    "nominal_codes": {"reference": "{id}", "name": "Sandbox Nominal {id}"},
}

TYPES = {("integer", "int64"): "long", ("integer", "int32"): "int", ("integer", "int16"): "int",
         ("integer", None): "int", ("boolean", None): "boolean", ("array", None): "array"}


def field_type(prop):
    t, fmt = prop.get("type"), prop.get("format")
    if t == "string":
        return "datetime" if fmt == "date-time" else "string"
    if t == "number":
        # "decimal 2dp" keeps its scale so 0 prints as 0.00 like .NET decimals do
        if fmt and fmt.startswith("decimal ") and fmt.endswith("dp"):
            return "decimal" + fmt[len("decimal "):-2]
        return "decimal"
    if t == "object" or t is None:
        return "object"
    return TYPES.get((t, fmt)) or TYPES[(t, None)]


def emit(out, schemas, props, required, overrides, prefix, indent, depth):
    for name, prop in props.items():
        if "$ref" in prop:
            ref = schemas[prop["$ref"].split("/")[-1]]
            prop = {"type": "object", "properties": ref.get("properties", {}), "readOnly": prop.get("readOnly")}
        ftype = field_type(prop)
        flags = []
        if prop.get("readOnly"):
            flags.append("ro")
        if name in required:
            flags.append("required")
        if ftype == "string" and prop.get("maxLength"):
            # Sage's model validation refuses longer strings; the sandbox does too
            flags.append("max=" + str(prop["maxLength"]))
        line = "  " * indent + name + " " + ftype + "".join(" " + f for f in flags)
        default = overrides.get(prefix + name, prop.get("default"))
        if default is not None and ftype not in ("object", "array"):
            line += " default=" + (str(default).lower() if isinstance(default, bool) else str(default))
        out.append(line)
        if ftype == "object" and depth < 2:
            emit(out, schemas, prop.get("properties", {}), set(), overrides, prefix + name + ".", indent + 1, depth + 1)


def main(spec_dir, out_dir):
    os.makedirs(out_dir, exist_ok=True)
    for resource, (file, schema_name) in RESOURCES.items():
        with open(os.path.join(spec_dir, file)) as f:
            schemas = json.load(f)["components"]["schemas"]
        schema = schemas[schema_name]
        out = [f"# Sage 200 `{schema_name}` ({file}) condensed by tools/extract_schemas.py: name type [ro] [required] [max=N] [default=...]"]
        emit(out, schemas, schema["properties"], set(schema.get("required", [])), OVERRIDES.get(resource, {}), "", 0, 0)
        with open(os.path.join(out_dir, resource + ".schema"), "w") as f:
            f.write("\n".join(out) + "\n")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
