using System.Globalization;
using System.Security.Cryptography;
using System.Text.RegularExpressions;
using Digits.Sdk.Inference;
using Digits.Sdk.Onnx;

namespace Digits.Sdk.Samples;

/// <summary>
/// Records the weights digest in a pretrained model exported before models carried one, and brings its card up to date:
/// the model keeps every byte it had (one metadata entry is appended), so its weights, and the figures the card
/// measured with them, are the same.
/// </summary>
internal static class PretrainedStamp
{
    public static void Run(PretrainedOptions options)
    {
        var modelPath = Path.Combine(options.Output, PretrainedExport.ModelFileName);
        var cardPath = Path.Combine(options.Output, PretrainedExport.CardFileName);
        var before = File.ReadAllBytes(modelPath);
        if (!OnnxExporter.RecordWeightsDigest(modelPath))
        {
            Console.WriteLine($"{modelPath} already carries a weights digest that its weights match; nothing to do.");
            return;
        }

        var after = File.ReadAllBytes(modelPath);
        if (!after.AsSpan(0, before.Length).SequenceEqual(before))
        {
            throw new InvalidOperationException($"Recording the digest changed bytes of {modelPath} before its end; restore it from git.");
        }

        // Loading checks the weights against the digest just recorded.
        using var classifier = DigitClassifier.Load(modelPath);
        var digest = classifier.Metadata.WeightsDigest!;
        var stamped = string.Create(
            CultureInfo.InvariantCulture,
            $"`{digest}` (`digits.weights_sha256`, checked by `DigitClassifier` on load), recorded after export by `dotnet run --project samples/PretrainedModel -c Release -- --stamp-only`, which appended this one metadata entry ({after.Length - before.Length} bytes) and left the {before.Length:N0} bytes before it, weights included, byte-identical: the figures here are the same weights'");
        var card = File.ReadAllText(cardPath);
        card = SetRow(card, "size", string.Create(CultureInfo.InvariantCulture, $"{after.Length:N0} bytes"), after: null);
        card = SetRow(card, "sha256", $"`{Convert.ToHexStringLower(SHA256.HashData(after))}`", after: null);
        card = SetRow(card, "weights digest", stamped, after: "sha256");
        var temporary = cardPath + ".tmp";
        File.WriteAllText(temporary, card);
        File.Move(temporary, cardPath, overwrite: true);
        Console.WriteLine($"Recorded the weights digest {digest} in {modelPath} ({before.Length:N0} → {after.Length:N0} bytes; the first {before.Length:N0} unchanged) and updated {cardPath}.");
    }

    /// <summary>Sets the value of the card's table row <paramref name="name"/>, adding the row below <paramref name="after"/> if it has none.</summary>
    private static string SetRow(string card, string name, string value, string? after)
    {
        var line = $"| {name} | {value} |";
        var row = Row(name);
        if (row.IsMatch(card))
        {
            return row.Replace(card, _ => line, 1);
        }

        return after is not null && Row(after).IsMatch(card)
            ? Row(after).Replace(card, match => match.Value + "\n" + line, 1)
            : throw new InvalidOperationException($"The card has no '| {name} |' row{(after is null ? string.Empty : $" and no '| {after} |' row to put it under")}.");
    }

    private static Regex Row(string name) => new($"^\\| {Regex.Escape(name)} \\|[^\\n]*\\|[ \\t]*$", RegexOptions.Multiline);
}
