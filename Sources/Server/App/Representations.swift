import FactoryCore

/// How each record reads in the API: snake_case, weights in kg with three decimals as
/// strings-free JSON numbers are avoided on purpose — a kilogram value is a decimal string
/// ("30.400") so no client rounds it through a float.
extension User {
    var json: JSONValue {
        ["id": .string(id.text), "username": .string(username), "full_name": .string(fullName),
         "role": .string(position.rawValue), "grade": JSONValue.from(grade?.rawValue), "status": .string(status.rawValue)]
    }
}

extension Device {
    var json: JSONValue {
        ["id": .string(id.text), "code": .string(code), "type": .string(type.rawValue), "workcenter_id": JSONValue.from(workcenterID),
         "location": JSONValue.from(location?.rawValue), "active": .bool(active),
         "calibration_due_at": JSONValue.from(calibrationDueAt?.description)]
    }
}

extension StoredReading {
    var json: JSONValue {
        ["id": .string(id), "boot_id": .int(bootID), "seq": .int(seq), "ts_device": JSONValue.from(deviceTime?.description),
         "ts_ingested": .string(ingestedAt.description), "gross_kg": .string(gross.decimalText), "stable": .bool(stable),
         "late": .bool(late), "bound": .bool(bound)]
    }
}

extension Session {
    var json: JSONValue {
        ["id": .string(id.text), "workcenter": .string(workcenter), "sku": .string(sku), "partiya_no": .string(partiyaNo),
         "shift": .string(shift.rawValue), "status": .string(status.rawValue), "pause_reason": JSONValue.from(pauseReason),
         "started_at": .string(startedAt.description), "operators": .array(operators.map(JSONValue.string)),
         "recipe_snapshot": recipe.json]
    }
}

extension Package {
    var json: JSONValue {
        ["id": .string(id.text), "session_id": .string(sessionID.text), "sku": .string(sku), "qr_code": .string(qrCode),
         "parent_package_id": JSONValue.from(parentID?.text), "weight_kg": .string(weight.decimalText), "weight_trusted": .bool(weightTrusted),
         "length_m": JSONValue.from(length?.metreText), "length_mode": JSONValue.from(lengthMode?.rawValue),
         "tolerance_status": .string(toleranceStatus.rawValue), "status": .string(status.rawValue),
         "degaz_status": JSONValue.from(degazStatus?.rawValue), "created_at": .string(createdAt.description)]
    }
}

extension Transfer {
    var json: JSONValue {
        ["id": .string(id.text), "direction": .string(direction.rawValue), "status": .string(status.rawValue),
         "lines": .array(lines.map { line in
             ["id": .string(line.id), "line_no": JSONValue.from(line.number), "material": .string(line.material),
              "batch_no": .string(line.batchNo), "qty_kg": .string(line.sent.decimalText),
              "received_kg": JSONValue.from(line.received?.decimalText), "difference_kg": JSONValue.from(line.difference?.decimalText)]
         })]
    }

    /// The shipment with the line just weighed out named, so a client need not guess which it is.
    func json(added lineID: String) -> JSONValue {
        guard case .object(var fields) = json else { return json }
        fields["added_line_id"] = .string(lineID)
        return .object(fields)
    }
}

extension ShopRequest {
    var json: JSONValue {
        ["id": .string(id.text), "status": .string(status.rawValue), "note": JSONValue.from(note), "requested_by": .string(requestedBy),
         "requested_at": .string(requestedAt.description),
         "lines": .array(lines.map { ["material": .string($0.material), "planned_kg": .string($0.planned.decimalText)] })]
    }
}

extension Approval {
    var json: JSONValue {
        ["id": .string(id.text), "type": .string(type.rawValue), "object_type": .string(objectType), "object_id": .string(objectID),
         "state": .string(state.rawValue), "steps_required": .int(Int64(stepsRequired)), "steps_done": .int(Int64(stepsDone)),
         "requested_at": .string(requestedAt.description), "comment": JSONValue.from(comment), "payload": payload]
    }
}

extension GateRecord {
    var json: JSONValue {
        ["id": .string(id.text), "gate_type": .string(gateType.rawValue), "object_type": .string(objectType), "object_id": .string(objectID),
         "ref": objectRef, "ts": .string(ts.description), "note": JSONValue.from(note), "open": .bool(isOpen),
         "released_at": JSONValue.from(releasedAt?.description), "release_note": JSONValue.from(releaseNote)]
    }
}

extension BalanceService.Preview {
    /// The balance card of spec §6.8 with its field names.
    var json: JSONValue {
        let b = balance
        return ["input_kg": .string(b.input.decimalText), "good_kg": .string(b.good.decimalText), "wip_kg": .string(b.wip.decimalText),
                "scrap_expected_kg": .string(b.scrapExpected.decimalText), "rework_in_linked_kg": .string(b.reworkInLinked.decimalText),
                "disposed_linked_kg": .string(b.disposedLinked.decimalText), "outstanding_kg": .string(b.outstanding.decimalText),
                "delta_session_kg": .string(b.delta.decimalText), "limit_kg": .string(b.limit.decimalText), "gate_ok": .bool(b.gateOK),
                "pending_packages": .int(Int64(pendingPackages)), "can_close": .bool(canClose)]
    }
}

extension FIFOLinking.Link {
    var json: JSONValue {
        ["session_id": .string(sessionID), "scrap_lot_id": .string(lotID), "qty_kg": .string(quantity.decimalText)]
    }
}

extension ReworkService.InResult {
    var json: JSONValue {
        ["net_kg": .string(net.decimalText), "links": .array(links.map(\.json)), "vt_excess_kg": .string(excess.decimalText),
         "warning": excess.grams > 0 ? "vt_excess" : nil]
    }
}

extension KPIFacts.Config {
    var json: JSONValue {
        ["bonus_100": .string(bonusAt100.decimalText), "cap_pct": .string(cap.decimalText), "allow_manual": .bool(allowManual),
         "penalties": .object(penalties.mapValues { .string($0.decimalText) })]
    }
}

extension KPISnapshot {
    /// The header of a version, as a list shows it.
    func summaryJSON(calendar: PlantCalendar) -> JSONValue {
        ["id": .string(id.text), "period_start": .string(periodStart.description), "period_end": .string(periodEnd.description),
         "days": .string(days(in: calendar)), "scope": .string(scope), "version": .int(version),
         "supersedes_id": JSONValue.from(supersedes?.text), "reason": JSONValue.from(reason), "status": .string(status.rawValue),
         "bonus_total": .string(bonusTotal.decimalText), "generated_by": .string(generatedBy),
         "generated_at": .string(generatedAt.description), "approved_by": JSONValue.from(approvedBy),
         "approved_at": JSONValue.from(approvedAt?.description)]
    }

    /// The whole version: each shift's figures, what was left out and why, and, for a reader
    /// of pay, each person's share.
    func json(calendar: PlantCalendar, personal: Bool) -> JSONValue {
        guard case .object(var fields) = summaryJSON(calendar: calendar) else { return .null }
        fields["config"] = config.json
        fields["shifts"] = .array(lines.map { line in
            var shift: [String: JSONValue] = [
                "workcenter": .string(line.workcenterCode), "day": .string(line.day), "shift": .string(line.shift.rawValue),
                "uom": .string(line.uom.rawValue), "actual_crew": .int(line.actualCrew),
                "plan": .string(DecimalText.format(line.planMilli, scale: 3)), "fact": .string(DecimalText.format(line.factMilli, scale: 3)),
                "achievement_pct": .string(line.achievement.decimalText), "bonus": .string(line.bonus.decimalText), "note": JSONValue.from(line.note),
            ]
            if personal {
                shift["crew"] = .array(line.shares.map {
                    ["username": .string($0.username), "full_name": .string($0.fullName), "minutes": .int($0.minutes), "share": .string($0.share.decimalText)]
                })
            }
            return .object(shift)
        })
        fields["excluded"] = .array(excluded.map {
            ["qr_code": .string($0.qrCode), "workcenter": .string($0.workcenterCode), "day": .string($0.day), "shift": .string($0.shift.rawValue),
             "quantity": .string(DecimalText.format($0.quantityMilli, scale: 3)), "reason": .string($0.reason)]
        })
        return .object(fields)
    }
}

extension PayrollSnapshot {
    var json: JSONValue {
        ["id": .string(id.text), "month": .string(month), "version": .int(version), "supersedes_id": JSONValue.from(supersedes?.text),
         "reason": JSONValue.from(reason), "status": .string(status.rawValue), "include_avans": .bool(includeAdvance),
         "net_total": .string(netTotal.decimalText), "generated_by": .string(generatedBy), "generated_at": .string(generatedAt.description),
         "approved_by": JSONValue.from(approvedBy), "approved_at": JSONValue.from(approvedAt?.description),
         "lines": .array(lines.map {
             ["username": .string($0.username), "full_name": .string($0.fullName), "base_salary": .string($0.base.decimalText),
              "kpi_bonus": .string($0.kpiBonus.decimalText), "avans": .string($0.advance.decimalText),
              "penalties": .string($0.penalties.decimalText), "net_pay": .string($0.net.decimalText)]
         })]
    }
}
