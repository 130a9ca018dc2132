//! `totals` and `items[]`: the order's figures and item lines, and the item lines of invoices and
//! changes.

use super::*;

// ----- Totals -----------------------------------------------------------------------------------

pub(super) struct Totals {
    pub(super) shipping: Decimal,
    pub(super) tax: Decimal,
    pub(super) discounts: Decimal,
    pub(super) change: Option<Decimal>,
}

/// `totals` (S1): `Shipping` → shipping, `Tax` (+ `CustomTax`) → tax, `−Discounts` → discounts
/// (VTEX writes discounts negative); `Change` is checked against the changes; `ManualValues`
/// stays in the value; other ids are ignored. All noted when they make a difference.
pub(super) fn totals(
    root: &At,
    currency: Currency,
    value: Decimal,
    items: &[Item],
    notes: &mut Notes,
) -> Result<Totals, InputError> {
    let mut t = Totals {
        shipping: Decimal::ZERO,
        tax: Decimal::ZERO,
        discounts: Decimal::ZERO,
        change: None,
    };
    let mut all = Decimal::ZERO;
    let mut any = false;
    for entry in root.list_of("totals")? {
        let id = entry.req("id")?.text()?;
        let amount_at = entry.req("value")?;
        let amount = amount_at.cents(currency)?;
        any = true;
        all = all.plus(amount).map_err(entry.overflow())?;
        let total = |to: Decimal, by: Decimal| to.plus(by).map_err(amount_at.overflow());
        match id.as_str() {
            "Items" => {
                let lines = sum_lines(items).map_err(entry.overflow())?;
                if lines != amount {
                    notes.add(
                        NoteCode::ItemsTotalDiffers,
                        amount_at.path(),
                        format!("the Items total is {amount}, the item lines add up to {lines}"),
                    );
                }
            }
            "Discounts" => {
                let by = Decimal::ZERO.minus(amount).map_err(amount_at.overflow())?;
                t.discounts = total(t.discounts, by)?;
            }
            "Shipping" => t.shipping = total(t.shipping, amount)?,
            "Tax" => t.tax = total(t.tax, amount)?,
            "CustomTax" => {
                t.tax = total(t.tax, amount)?;
                notes.add(
                    NoteCode::CustomTax,
                    entry.path(),
                    format!("CustomTax {amount} counted as tax"),
                );
            }
            "Change" => t.change = Some(total(t.change.unwrap_or(Decimal::ZERO), amount)?),
            "ManualValues" => {
                if !amount.is_zero() {
                    notes.add(
                        NoteCode::ManualValues,
                        entry.path(),
                        format!("manual values of {amount} are part of the order value"),
                    );
                }
            }
            other => notes.add(
                NoteCode::TotalUnknown,
                entry.path(),
                format!("total {other:?} ({amount}) ignored: the order value counts it"),
            ),
        }
    }
    for (name, amount) in [
        ("Shipping", &mut t.shipping),
        ("Tax", &mut t.tax),
        ("Discounts", &mut t.discounts),
    ] {
        // Each entry is an amount, but several of one id (two `Shipping` entries) add up:
        // the sum must stay one too (below 10^15, as the state reader reads it).
        if amount.abs() >= max_amount() {
            return Err(InputError::new(
                "order.totals",
                "the totals of one id add up out of range",
            ));
        }
        if *amount < Decimal::ZERO {
            notes.add(
                NoteCode::TotalUnknown,
                "order.totals".into(),
                format!("the {name} total has the wrong sign ({amount}): taken as zero"),
            );
            *amount = Decimal::ZERO;
        }
    }
    if any && all != value {
        notes.add(
            NoteCode::ValueDiffersFromTotals,
            "order.value".into(),
            format!("value is {value}, the totals add up to {all}: the state takes value"),
        );
    }
    Ok(t)
}

// ----- Items ------------------------------------------------------------------------------------

/// A unit price: VTEX's `price` × `unitMultiplier` (S1), rounded half to even to what VTEX
/// can carry: cents (its prices have two implied decimals, so 19.99 × 0.25 KWD is 5.00, not
/// 4.998, which no request could send), or the currency's unit when coarser (CLP, JPY).
pub(super) fn unit_price(
    price: Decimal,
    multiplier: Option<&At>,
    currency: Currency,
    line: &At,
    notes: &mut Notes,
) -> Result<Decimal, InputError> {
    let Some(at) = multiplier else {
        return Ok(price);
    };
    let m = at.decimal()?;
    if m <= Decimal::ZERO || m == Decimal::ONE {
        // VTEX writes 0.0 where no multiplier applies (package items of its own example).
        return Ok(price);
    }
    let exact = price.times(m).map_err(line.overflow())?;
    let unit = exact.round_dp_with_strategy(
        currency.minor_units().min(VTEX_DECIMALS),
        RoundingStrategy::MidpointNearestEven,
    );
    notes.add(
        NoteCode::UnitMultiplier,
        at.path(),
        format!("unit price {price} × unitMultiplier {m} = {exact}"),
    );
    if unit != exact {
        notes.add(
            NoteCode::UnitPriceRounded,
            at.path(),
            format!(
                "{exact} is not a whole number of cents or {currency} units: rounded to {unit}"
            ),
        );
    }
    let mut unit = unit;
    unit.rescale(currency.minor_units());
    Ok(unit)
}

/// An item line VTEX marks as a gift (`isGift: true`) at `sellingPrice` 0: whether its price is
/// in the `Items` total is decided by [`free_gifts`].
pub(super) struct Gift {
    /// Its index in the state's lines.
    line: usize,
    /// Its path (`order.items[1]`).
    path: String,
    /// VTEX's `price`, per unit.
    price: Decimal,
    /// Its `sellingPrice` (0) and where it is.
    selling: (Decimal, String),
}

/// What [`items`] reads: the state's lines, the SKU of every original index, the gift lines.
pub(super) type ItemLines = (Vec<Item>, Vec<String>, Vec<Gift>);

/// `items[]` (S1): `id` (the SKU), `quantity`, `price` per unit (× `unitMultiplier`), `name`.
/// Returns the lines, the SKU of every original index (`itemIndex` refers to it), and the
/// gift lines.
pub(super) fn items(
    root: &At,
    currency: Currency,
    notes: &mut Notes,
) -> Result<ItemLines, InputError> {
    let mut lines = Vec::new();
    let mut index_ids = Vec::new();
    let mut gifts = Vec::new();
    let mut seen = BTreeSet::new();
    let counted = if shipping_net_of_discounts(root) {
        "netted in the Shipping total (its AlternativeShippingDiscount)"
    } else {
        "counted with the order's discounts"
    };
    for at in root.list_of("items")? {
        let id = at.req("id")?.id()?;
        index_ids.push(id.clone());
        let quantity = at.req("quantity")?.units()?;
        if quantity == 0 {
            notes.add(
                NoteCode::ItemWithoutUnits,
                at.path(),
                format!("item {id:?} has no units: left out"),
            );
            continue;
        }
        let selling = at
            .get("sellingPrice")
            .map(|s| s.cents(currency))
            .transpose()?;
        let price = match at.get("price") {
            Some(p) => p.cents(currency)?,
            None => match selling {
                Some(s) => {
                    notes.add(
                        NoteCode::ItemPriceMissing,
                        at.child_path("price"),
                        format!("no price: sellingPrice {s} is the unit price"),
                    );
                    s
                }
                None => {
                    return Err(InputError::new(
                        at.child_path("price"),
                        "missing field `price`",
                    ))
                }
            },
        };
        if price < Decimal::ZERO {
            return Err(InputError::new(
                at.child_path("price"),
                "expected a price ≥ 0",
            ));
        }
        // A gift at sellingPrice 0 (S1 `isGift`; a "buy and win" promotion's DISCOUNT@GIFT
        // tag): the Items total decides its price, in `free_gifts`.
        let gift = at.opt_bool("isGift")? == Some(true)
            && selling.is_some_and(|s| s.is_zero())
            && price > Decimal::ZERO;
        if let Some(s) = selling.filter(|s| *s != price && !gift) {
            selling_differs(at.child_path("sellingPrice"), s, price, notes);
        }
        for tag in at.list_of("priceTags")? {
            let name = tag.opt_text("name")?.unwrap_or_default();
            let lower = name.to_ascii_lowercase();
            if lower.as_bytes().windows(8).any(|w| w == b"shipping") {
                notes.add(
                    NoteCode::ShippingDiscountOnItem,
                    tag.path(),
                    format!("{name:?} is a shipping discount on item {id:?}: {counted}"),
                );
            }
        }
        let price = unit_price(
            price,
            at.get("unitMultiplier").as_ref(),
            currency,
            &at,
            notes,
        )?;
        let item = Item {
            id: id.clone(),
            quantity,
            price: Some(price),
            name: at.opt_text("name")?,
        };
        in_range(&item, &at)?;
        if !seen.insert(id.clone()) {
            notes.add(
                NoteCode::SkuOnSeveralLines,
                at.path(),
                format!("SKU {id:?} is on several lines: kept as separate lines"),
            );
        }
        if gift {
            gifts.push(Gift {
                line: lines.len(),
                path: at.path(),
                price,
                selling: (
                    selling.unwrap_or(Decimal::ZERO),
                    at.child_path("sellingPrice"),
                ),
            });
        }
        lines.push(item);
    }
    Ok((lines, index_ids, gifts))
}

fn selling_differs(path: String, selling: Decimal, price: Decimal, notes: &mut Notes) {
    notes.add(
        NoteCode::SellingPriceDiffers,
        path,
        format!("sellingPrice {selling}, price {price}: the unit price is {price}, the difference is in Discounts"),
    );
}

/// Gift lines (`isGift`, `sellingPrice` 0): VTEX's `Items` total may leave their price out
/// (and `Discounts` their DISCOUNT@GIFT with it), as the Éxito order of VTEX's app KI-379869
/// does (`Items` 2 799 900.00 COP, the television alone, beside a 69 900.00 gift bracket).
/// When the item lines add up to the `Items` total only without the gifts, each gift's unit
/// price is 0 (`GIFT_ITEM_FREE`): the state's items less its discounts are then its value,
/// and no plan charges a gift. Otherwise the price stays, the difference being in
/// `Discounts` like any item's (`SELLING_PRICE_DIFFERS`). Without an `Items` total there is
/// nothing to decide on: the price stays.
pub(super) fn free_gifts(
    root: &At,
    currency: Currency,
    items: &mut [Item],
    gifts: Vec<Gift>,
    notes: &mut Notes,
) -> Result<(), InputError> {
    if gifts.is_empty() {
        return Ok(());
    }
    let mut items_total = None;
    for entry in root.list_of("totals")? {
        if entry.req("id")?.text()? == "Items" {
            items_total = Some(entry.req("value")?.cents(currency)?);
            break;
        }
    }
    let lines = sum_lines(items).map_err(root.overflow())?;
    let mut gift_lines = Decimal::ZERO;
    for g in &gifts {
        let line = items
            .get(g.line)
            .map(Item::line_value)
            .transpose()
            .map_err(root.overflow())?
            .unwrap_or(Decimal::ZERO);
        gift_lines = gift_lines.plus(line).map_err(root.overflow())?;
    }
    let without = lines.minus(gift_lines).map_err(root.overflow())?;
    let free = items_total.is_some_and(|total| total != lines && total == without);
    for g in gifts {
        if !free {
            selling_differs(g.selling.1, g.selling.0, g.price, notes);
            continue;
        }
        if let Some(item) = items.get_mut(g.line) {
            let mut zero = Decimal::ZERO;
            zero.rescale(currency.minor_units());
            item.price = Some(zero);
            notes.add(
                NoteCode::GiftItemFree,
                g.path,
                format!(
                    "item {:?} is a gift at sellingPrice 0 and the Items total ({}) leaves its price {} out: its unit price is 0",
                    item.id,
                    items_total.unwrap_or(Decimal::ZERO),
                    g.price
                ),
            );
        }
    }
    Ok(())
}

/// Whether the `Shipping` total is net of the items' shipping discounts: it carries an
/// `AlternativeShippingDiscount` alternative total other than 0 (S1's examples since 2024:
/// `Shipping` 2.09 with `AlternativeShippingTotal` 24.35 and `AlternativeShippingDiscount`
/// −22.26). Read leniently: it only words a note.
fn shipping_net_of_discounts(root: &At) -> bool {
    let totals = root.value.get("totals").and_then(Json::as_array);
    totals.into_iter().flatten().any(|t| {
        t.get("id").and_then(Json::as_str) == Some("Shipping")
            && t.get("alternativeTotals")
                .and_then(Json::as_array)
                .into_iter()
                .flatten()
                .any(|a| {
                    a.get("id").and_then(Json::as_str) == Some("AlternativeShippingDiscount")
                        && a.get("value")
                            .and_then(Json::as_i64)
                            .is_some_and(|v| v != 0)
                })
    })
}

/// quantity × price must be an amount in range (as the state reader checks).
pub(super) fn in_range(item: &Item, at: &At) -> Result<(), InputError> {
    let line = item.line_value().map_err(at.overflow())?;
    if line.abs() >= max_amount() {
        return Err(at.error("quantity × price is out of range"));
    }
    Ok(())
}

/// Item lines of an invoice or a change: `id` (or `itemIndex` into the order's items), a
/// `quantity` (0 is left out), a `price` in cents when given (× `unitMultiplier`); with
/// `price_required` (a change that gives neither `discountValue` nor `incrementValue`), a
/// line without one is refused at its `price`: see [`super::changes`].
pub(super) fn listed_items(
    list: Vec<At>,
    currency: Currency,
    index_ids: &[String],
    price_required: bool,
    notes: &mut Notes,
) -> Result<Vec<Item>, InputError> {
    let mut out = Vec::new();
    for at in list {
        let id = match (at.get("id"), at.get("itemIndex")) {
            (Some(id), _) => id.id()?,
            (None, Some(index)) => {
                let i = index.units()?;
                usize::try_from(i)
                    .ok()
                    .and_then(|i| index_ids.get(i))
                    .cloned()
                    .ok_or_else(|| {
                        index.error(format!(
                            "itemIndex {i}: the order has {} items",
                            index_ids.len()
                        ))
                    })?
            }
            (None, None) => return Err(InputError::new(at.child_path("id"), "missing field `id`")),
        };
        let quantity = at.req("quantity")?.units()?;
        if quantity == 0 {
            continue;
        }
        let price = match at.get("price") {
            Some(p) => {
                let price = p.cents(currency)?;
                if price < Decimal::ZERO {
                    return Err(p.error("expected a price ≥ 0"));
                }
                Some(unit_price(
                    price,
                    at.get("unitMultiplier").as_ref(),
                    currency,
                    &at,
                    notes,
                )?)
            }
            None if price_required => return Err(price_missing(&at)),
            None => None,
        };
        let item = Item {
            id,
            quantity,
            price,
            name: None,
        };
        in_range(&item, &at)?;
        out.push(item);
    }
    Ok(out)
}

/// A change's line without `price` where the change's value is its items' prices (see
/// [`super::changes`]).
#[cold]
#[inline(never)]
fn price_missing(at: &At) -> InputError {
    InputError::new(
        at.child_path("price"),
        "missing field `price`: a change that gives neither discountValue nor incrementValue takes its value from its items' prices (VTEX's v1 requires them, S1)",
    )
}
