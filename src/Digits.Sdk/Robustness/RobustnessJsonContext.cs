using System.Text.Json.Serialization;

namespace Digits.Sdk.Robustness;

/// <summary>Source-generated serialisation for <see cref="RobustnessReportDocument"/>: camelCase, nulls kept.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, WriteIndented = true)]
[JsonSerializable(typeof(RobustnessReportDocument))]
internal sealed partial class RobustnessJsonContext : JsonSerializerContext;
