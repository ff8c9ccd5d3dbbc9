namespace Appliance.Engines.Llama.Tests.Structured;

/// <summary>Clinical JSON Schemas of the kinds HIS integrations ask for (issue 15): medication list, discharge summary, triage, lab result.</summary>
internal static class ClinicalSchemas
{
    public const string MedicationList = """
        {
          "type": "object",
          "properties": {
            "medications": {
              "type": "array", "minItems": 1, "maxItems": 3,
              "items": {
                "type": "object",
                "properties": {
                  "name": { "type": "string", "minLength": 1, "maxLength": 12 },
                  "dose": { "type": "number" },
                  "unit": { "enum": ["mg", "g", "mL", "IU", "µg"] },
                  "route": { "enum": ["oral", "iv", "im", "sc", "口服"] },
                  "frequency": { "type": "string", "pattern": "^(q[0-9]{1,2}h|bid|tid|qd|prn)$" }
                },
                "required": ["name", "dose", "unit", "route"],
                "additionalProperties": false
              }
            }
          },
          "required": ["medications"]
        }
        """;

    public const string DischargeSummary = """
        {
          "$defs": {
            "section": { "type": "string", "maxLength": 16 },
            "diagnosis": { "type": "object", "properties": { "code": { "type": "string", "pattern": "^[A-Z][0-9]{2}(\\.[0-9])?$" }, "text": { "$ref": "#/$defs/section" } }, "required": ["code"] }
          },
          "type": "object",
          "properties": {
            "admitted": { "type": "string", "format": "date" },
            "discharged": { "type": "string", "format": "date-time" },
            "diagnoses": { "type": "array", "items": { "$ref": "#/$defs/diagnosis" }, "maxItems": 2 },
            "course": { "$ref": "#/$defs/section" },
            "follow_up": { "type": ["string", "null"], "maxLength": 10 }
          },
          "required": ["admitted", "diagnoses", "course"]
        }
        """;

    public const string Triage = """
        {
          "type": "object",
          "properties": {
            "triage": { "enum": ["urgent", "routine", "non-urgent"] },
            "escalate": { "type": "boolean" },
            "reason": { "anyOf": [ { "const": "chest pain" }, { "type": "string", "maxLength": 8 } ] }
          },
          "required": ["triage", "escalate"],
          "additionalProperties": false
        }
        """;

    public const string LabResult = """
        {
          "type": "object",
          "properties": {
            "test": { "type": "string", "pattern": "^[A-Za-z]{2,6}$" },
            "value": { "type": "number", "nullable": true },
            "count": { "type": "integer" },
            "unit": { "enum": ["mmol/L", "g/L", "10^9/L", "%"] },
            "flag": { "oneOf": [ { "const": "H" }, { "const": "L" } ], "nullable": true },
            "collected": { "type": "string", "format": "date" },
            "at": { "type": "string", "format": "time" },
            "specimen": { "type": "string", "format": "uuid" }
          },
          "required": ["test", "value", "unit", "collected"]
        }
        """;

    public static readonly IReadOnlyList<(string Name, string Schema)> All =
    [
        ("medication list", MedicationList),
        ("discharge summary", DischargeSummary),
        ("triage", Triage),
        ("lab result", LabResult),
    ];
}
