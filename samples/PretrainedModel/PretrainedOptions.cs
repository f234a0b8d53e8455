using System.Globalization;

namespace Digits.Sdk.Samples;

/// <summary>The command line of the PretrainedModel sample.</summary>
/// <param name="Output">Where the model and its card go (default: the inference package's models folder).</param>
/// <param name="Work">Where the network's checkpoint is kept between runs.</param>
/// <param name="Seed">The training seed.</param>
/// <param name="Threads">Torch threads for training.</param>
/// <param name="StampOnly">
/// Train nothing: record the weights digest in the model already in <paramref name="Output"/> and bring its card up to
/// date (for a model exported before models carried the digest).
/// </param>
internal sealed record PretrainedOptions(string Output, string Work, int Seed, int Threads, bool StampOnly = false)
{
    public static PretrainedOptions Parse(string[] args)
    {
        var repository = SampleData.RepositoryRoot();
        var options = new PretrainedOptions(
            Path.Combine(repository, "src", "Digits.Sdk.Inference", "models"),
            Path.Combine(repository, "artifacts", "pretrained"),
            42,
            Environment.ProcessorCount);
        for (var i = 0; i < args.Length; i++)
        {
            if (args[i] == "--stamp-only")
            {
                options = options with { StampOnly = true };
                continue;
            }

            var value = i + 1 < args.Length ? args[i + 1] : throw new ArgumentException($"{args[i]} needs a value.");
            options = args[i] switch
            {
                "--out" => options with { Output = Path.GetFullPath(value) },
                "--work" => options with { Work = Path.GetFullPath(value) },
                "--seed" => options with { Seed = int.Parse(value, CultureInfo.InvariantCulture) },
                "--threads" => options with { Threads = int.Parse(value, CultureInfo.InvariantCulture) },
                _ => throw new ArgumentException($"Unknown option {args[i]}; use --out, --work, --seed, --threads or --stamp-only."),
            };
            i++;
        }

        return options;
    }
}
