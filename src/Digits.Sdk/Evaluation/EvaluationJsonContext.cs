using System.Text.Json.Serialization;

namespace Digits.Sdk.Evaluation;

/// <summary>Source-generated serialisation for <see cref="EvaluationReportDocument"/>: camelCase, nulls kept.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, WriteIndented = true)]
[JsonSerializable(typeof(EvaluationReportDocument))]
internal sealed partial class EvaluationJsonContext : JsonSerializerContext;
