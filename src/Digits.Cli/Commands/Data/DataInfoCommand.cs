using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using Digits.Cli.Commands.Training;
using Digits.Sdk.Data;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Digits.Cli.Commands.Data;

/// <summary>
/// <c>digits data info &lt;folder-or-dataset&gt;</c>: counts, image shape, class histogram and checksum status of
/// a data set's files. Exits 1 with a one-line error when a file is missing or malformed.
/// </summary>
public sealed class DataInfoCommand : AsyncCommand<DataInfoSettings>
{
    private static readonly JsonSerializerOptions JsonOptions = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };

    /// <inheritdoc/>
    public override async Task<int> ExecuteAsync(CommandContext context, DataInfoSettings settings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);

        var report = await InspectAsync(settings, cancellationToken).ConfigureAwait(false);
        if (settings.Json)
        {
            Console.Out.WriteLine(JsonSerializer.Serialize(report, JsonOptions));
        }
        else
        {
            Render(report);
        }

        return 0;
    }

    private static async Task<DataInfoReport> InspectAsync(DataInfoSettings settings, CancellationToken cancellationToken)
    {
        if (Datasets.Find(settings.Target) is { } named && !Directory.Exists(settings.Target))
        {
            return await InspectCatalogEntryAsync(named, DataRoot.Resolve(settings.Root), cancellationToken).ConfigureAwait(false);
        }

        if (!Directory.Exists(settings.Target))
        {
            var known = string.Join(", ", Datasets.All.Select(d => d.Name));
            throw new CommandException($"'{settings.Target}' is neither a folder nor a known data set ({known}).");
        }

        // A folder is read exactly as train and evaluate read it, so all three name it alike.
        using var data = await CommandData.LoadAsync(settings.Target, cancellationToken).ConfigureAwait(false);
        var splits = new Dictionary<string, SplitInfo>
        {
            ["train"] = Summarize(data.Train),
            ["test"] = Summarize(data.Test),
        };
        var files = data.Files.Select(s => new FileInfoReport(Path.GetFileName(s.Path), s.Path, s.State, s.Detail)).ToList();
        var root = Path.GetDirectoryName(data.Files[0].Path) ?? settings.Target;
        return new DataInfoReport(data.Identity.Name, data.Identity.Title, root, splits, files) { Known = data.Identity.IsKnown, Note = data.Identity.Note };
    }

    /// <summary>A named data set under the data root: each file's checksum state, and the splits when all four are there.</summary>
    private static async Task<DataInfoReport> InspectCatalogEntryAsync(DatasetInfo info, string root, CancellationToken cancellationToken)
    {
        var statuses = await info.VerifyAsync(root, cancellationToken).ConfigureAwait(false);
        var missing = statuses.Where(s => s.State == DatasetFileState.Missing).ToList();
        if (missing.Count > 0)
        {
            throw new CommandException(
                $"{info.Title} is missing {string.Join(", ", missing.Select(s => s.File.FileName))} under '{root}'; put the files there (or in a '{info.Name}' subfolder), or set {DataRoot.EnvironmentVariable} to a folder that holds them.");
        }

        var splits = new Dictionary<string, SplitInfo>
        {
            ["train"] = ReadSplit(info, statuses[0].Path, statuses[1].Path),
            ["test"] = ReadSplit(info, statuses[2].Path, statuses[3].Path),
        };
        var files = statuses.Select(s => new FileInfoReport(s.File.FileName, s.Path, s.State, s.Detail)).ToList();
        return new DataInfoReport(info.Name, info.Title, root, splits, files) { Known = true };
    }

    private static SplitInfo Summarize(DigitDataset split)
    {
        var counts = split.ClassCounts();
        return new SplitInfo(split.Count, split.ImageShape, split.ClassNames.Select((name, c) => (name, c)).ToDictionary(x => x.name, x => counts[x.c]));
    }

    private static SplitInfo ReadSplit(DatasetInfo info, string imagesPath, string labelsPath)
    {
        var images = IdxReader.Read(imagesPath);
        if (images.ElementType != IdxElementType.UnsignedByte || images.Dimensions.Count is not (3 or 4))
        {
            throw new CommandException($"'{imagesPath}' holds {images.ElementType} [{string.Join(", ", images.Dimensions)}], not 8-bit images [count, height, width].");
        }

        var labels = IdxReader.Read(labelsPath);
        if (labels.ElementType != IdxElementType.UnsignedByte || labels.Dimensions.Count != 1)
        {
            throw new CommandException($"'{labelsPath}' holds {labels.ElementType} [{string.Join(", ", labels.Dimensions)}], not 8-bit labels [count].");
        }

        var count = images.Dimensions[0];
        if (labels.Dimensions[0] != count)
        {
            throw new IdxFormatException(labelsPath, 4, string.Create(CultureInfo.InvariantCulture, $"{count} labels, one per image in '{imagesPath}'"), labels.Dimensions[0].ToString(CultureInfo.InvariantCulture));
        }

        var histogram = new int[info.ClassNames.Count];
        var values = labels.AsSpan<byte>();
        for (var i = 0; i < values.Length; i++)
        {
            if (values[i] >= histogram.Length)
            {
                throw new IdxFormatException(labelsPath, 8 + i, string.Create(CultureInfo.InvariantCulture, $"a label in 0..{histogram.Length - 1}"), values[i].ToString(CultureInfo.InvariantCulture));
            }

            histogram[values[i]]++;
        }

        int[] shape = images.Dimensions.Count == 3
            ? [1, images.Dimensions[1], images.Dimensions[2]]
            : [images.Dimensions[1], images.Dimensions[2], images.Dimensions[3]];
        var classes = info.ClassNames.Select((name, c) => (name, c)).ToDictionary(x => x.name, x => histogram[x.c]);
        return new SplitInfo(count, shape, classes);
    }

    private static void Render(DataInfoReport report)
    {
        AnsiConsole.MarkupLineInterpolated(CultureInfo.InvariantCulture, $"[bold]{report.Title}[/] ({(report.Known ? report.Dataset : "your own data set")}) in {report.Root}");
        var table = new Table().AddColumn("class");
        foreach (var (name, split) in report.Splits)
        {
            table.AddColumn(new TableColumn(Markup.Escape(string.Create(CultureInfo.InvariantCulture, $"{name}: {split.Count:N0} x [{string.Join(", ", split.Shape)}]"))).RightAligned());
        }

        var classNames = report.Splits.Values.First().Classes.Keys;
        foreach (var name in classNames)
        {
            table.AddRow([Markup.Escape(name), .. report.Splits.Values.Select(s => s.Classes[name].ToString("N0", CultureInfo.InvariantCulture))]);
        }

        AnsiConsole.Write(table);
        var files = new Table().AddColumn("file").AddColumn("checksum").AddColumn("detail");
        foreach (var file in report.Files)
        {
            var state = file.State switch
            {
                DatasetFileState.Verified => "[green]verified[/]",
                DatasetFileState.Unrecognized => "not a known data set's",
                _ => $"[yellow]{file.State}[/]",
            };
            files.AddRow(Markup.Escape(file.Name), state, Markup.Escape(file.Detail ?? string.Empty));
        }

        AnsiConsole.Write(files);
    }
}
