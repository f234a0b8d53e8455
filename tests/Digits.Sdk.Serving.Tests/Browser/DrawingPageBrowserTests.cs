using Digits.Sdk.Serving.Tests.TestSupport;
using Microsoft.Playwright;

namespace Digits.Sdk.Serving.Tests.Browser;

/// <summary>
/// The page at / in a real browser: Debian's chromium, driven by Playwright (never a downloaded browser), against a
/// real Kestrel on 127.0.0.1 serving the pretrained model.
/// </summary>
public sealed class DrawingPageBrowserTests : IAsyncLifetime
{
    private const string Chromium = "/usr/bin/chromium";
    private static readonly string Screenshot = Path.Combine(Repository.Root, "docs", "images", "serving-page.png");
    private ServingHost host = null!;
    private IPlaywright playwright = null!;
    private IBrowser browser = null!;

    public async Task InitializeAsync()
    {
        Assert.True(File.Exists(Chromium), $"{Chromium} is missing; .ci/run installs Debian's chromium package (apt-get install chromium).");
        host = await ServingHost.StartKestrelAsync();
        playwright = await Playwright.CreateAsync();
        browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Chromium,
            Headless = true,
            Timeout = 60_000,
            // Root in a container has no user namespace for chromium's sandbox.
            Args = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"],
        });
    }

    public async Task DisposeAsync()
    {
        await browser.DisposeAsync();
        playwright.Dispose();
        await host.DisposeAsync();
    }

    [Fact]
    public async Task Drawing_a_seven_with_mouse_strokes_shows_7_its_bars_and_the_input_and_the_screenshot_is_saved()
    {
        var page = await OpenAsync(1100, 720);
        var pad = await page.Locator("#pad").BoundingBoxAsync();
        Assert.NotNull(pad);

        // A seven: the bar across the top, then the stroke down to the lower left, as a hand draws it.
        await StrokeAsync(page, pad, [(0.25, 0.22), (0.75, 0.22), (0.45, 0.85)]);

        await Assertions.Expect(page.Locator("#label")).ToHaveTextAsync("7", new() { Timeout = 15_000 });
        await Assertions.Expect(page.Locator("#bars li.top .name")).ToHaveTextAsync("7");
        Assert.Equal(10, await page.Locator("#bars li").CountAsync());
        // The winning bar is drawn, most of its track long (a bar of zero width would read as nothing to a person).
        await page.WaitForFunctionAsync("() => { const top = document.querySelector('#bars li.top'); return top.querySelector('.fill').getBoundingClientRect().width > 0.5 * top.querySelector('.track').getBoundingClientRect().width; }");
        // The 28×28 input the model saw is drawn beside the pad: some of it is ink.
        var inked = await page.EvaluateAsync<int>("() => { const c = document.getElementById('input'); const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data; let n = 0; for (let i = 0; i < d.length; i += 4) if (d[i] > 128) n++; return n; }");
        Assert.InRange(inked, 20, 500);
        Assert.Equal(28, await page.EvaluateAsync<int>("() => document.getElementById('input').width"));

        Directory.CreateDirectory(Path.GetDirectoryName(Screenshot)!);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Screenshot, FullPage = true });
        Assert.True(new FileInfo(Screenshot).Length > 5_000);

        await page.ClickAsync("#clear");
        await Assertions.Expect(page.Locator("#label")).ToHaveTextAsync("–");
    }

    [Fact]
    public async Task Picking_a_png_shows_the_label_the_classifier_gives_it()
    {
        var page = await OpenAsync(1100, 720);
        var index = Enumerable.Range(0, 100).First(i => MnistPictures.TestSet.Labels[i] == 2);
        var png = MnistPictures.TestPngs[index];
        var expected = Pretrained.Classifier.PredictImage(new MemoryStream(png));
        Assert.Equal(2, expected.Label);

        await page.SetInputFilesAsync("#photo", new FilePayload { Name = "two.png", MimeType = "image/png", Buffer = png });

        await Assertions.Expect(page.Locator("#label")).ToHaveTextAsync(expected.ClassName, new() { Timeout = 15_000 });
        await Assertions.Expect(page.Locator("#confidence")).ToHaveTextAsync($"{expected.Confidence * 100:0.0} %".Replace(',', '.'));
    }

    [Fact]
    public async Task Picking_a_blank_photo_says_no_digit_rather_than_a_guess()
    {
        var page = await OpenAsync(1100, 720);
        using var white = new SkiaSharp.SKBitmap(300, 200);
        white.Erase(SkiaSharp.SKColors.White);
        using var png = white.Encode(SkiaSharp.SKEncodedImageFormat.Png, 100);

        await page.SetInputFilesAsync("#photo", new FilePayload { Name = "blank.png", MimeType = "image/png", Buffer = png.ToArray() });

        await Assertions.Expect(page.Locator("#label")).ToHaveTextAsync("no digit", new() { Timeout = 15_000 });
        await Assertions.Expect(page.Locator("#bars li.top")).ToHaveCountAsync(0);
        await Assertions.Expect(page.Locator("#bars li .value").First).ToHaveTextAsync("–");
    }

    [Fact]
    public async Task Picking_a_printed_letter_the_model_is_unsure_of_says_not_a_digit_with_its_best_guess()
    {
        var page = await OpenAsync(1100, 720);
        // The first of a few printed letters the pretrained model refuses; it reads most letters as some digit.
        var refused = "xkX".Select(PrintedLetter).Select(png => (Png: png, Prediction: Pretrained.Classifier.PredictImage(new MemoryStream(png))))
            .FirstOrDefault(letter => letter.Prediction.IsNotADigit);
        Assert.True(refused.Png is not null, "The pretrained model took every one of x, k and X for a digit.");

        await page.SetInputFilesAsync("#photo", new FilePayload { Name = "letter.png", MimeType = "image/png", Buffer = refused.Png });

        await Assertions.Expect(page.Locator("#label")).ToHaveTextAsync("not a digit", new() { Timeout = 15_000 });
        await Assertions.Expect(page.Locator("#confidence")).ToContainTextAsync($"best guess {refused.Prediction.ClassName}");
    }

    [Fact]
    public async Task A_photo_larger_than_the_service_takes_is_scaled_down_in_the_page_and_read()
    {
        await using var small = await ServingHost.StartKestrelAsync(o => o.MaxPicturePixels = 250_000);
        var page = await OpenAsync(1100, 720, small.Address);
        var index = Enumerable.Range(0, 100).First(i => MnistPictures.TestSet.Labels[i] == 3);
        var photo = MnistPictures.Enlarged(MnistPictures.TestSet.Images[index], 1_008);

        await page.SetInputFilesAsync("#photo", new FilePayload { Name = "three.png", MimeType = "image/png", Buffer = photo });

        // 1,008 × 1,008 is four times the 250,000 pixels this service decodes: sent as it is, it would be refused.
        await Assertions.Expect(page.Locator("#label")).ToHaveTextAsync("3", new() { Timeout = 15_000 });
        await Assertions.Expect(page.Locator("#status")).ToHaveTextAsync(string.Empty);
    }

    [Fact]
    public async Task The_pad_can_be_drawn_on_from_the_keyboard()
    {
        var page = await OpenAsync(1100, 720);
        await page.FocusAsync("#pad");
        await page.Keyboard.PressAsync("ArrowUp");
        await page.Keyboard.PressAsync("ArrowUp");
        await page.Keyboard.PressAsync("ArrowUp");
        await page.Keyboard.PressAsync("ArrowUp");

        // Pen down, then straight down: a one.
        await page.Keyboard.PressAsync(" ");
        for (var i = 0; i < 9; i++)
        {
            await page.Keyboard.PressAsync("ArrowDown");
        }

        await Assertions.Expect(page.Locator("#label")).ToHaveTextAsync("1", new() { Timeout = 15_000 });
        await page.Keyboard.PressAsync("Escape");
        await Assertions.Expect(page.Locator("#label")).ToHaveTextAsync("–");
    }

    [Fact]
    public async Task At_a_phones_width_nothing_needs_scrolling_sideways()
    {
        var page = await OpenAsync(360, 740);

        var (scrollWidth, padWidth) = (await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth"), await page.EvaluateAsync<int>("() => document.getElementById('pad').getBoundingClientRect().width"));

        Assert.True(scrollWidth <= 360, $"the page is {scrollWidth} px wide at a 360 px viewport");
        Assert.InRange(padWidth, 200, 360);
        await Assertions.Expect(page.Locator("#clear")).ToBeVisibleAsync();
    }

    private async Task<IPage> OpenAsync(int width, int height, Uri? address = null)
    {
        var page = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = width, Height = height } });
        page.SetDefaultTimeout(15_000);
        await page.GotoAsync((address ?? host.Address).ToString());
        // The bars appear once the page has read the model's classes.
        await Assertions.Expect(page.Locator("#bars li")).ToHaveCountAsync(10);
        return page;
    }

    /// <summary>One stroke through the given points (fractions of the pad's size), in small mouse moves.</summary>
    private static async Task StrokeAsync(IPage page, LocatorBoundingBoxResult pad, (double X, double Y)[] points)
    {
        await page.Mouse.MoveAsync((float)(pad.X + (points[0].X * pad.Width)), (float)(pad.Y + (points[0].Y * pad.Height)));
        await page.Mouse.DownAsync();
        for (var i = 1; i < points.Length; i++)
        {
            await page.Mouse.MoveAsync((float)(pad.X + (points[i].X * pad.Width)), (float)(pad.Y + (points[i].Y * pad.Height)), new MouseMoveOptions { Steps = 12 });
        }

        await page.Mouse.UpAsync();
    }

    /// <summary>A letter printed 90 px high in DejaVu Sans, dark on an off-white 140×140 page.</summary>
    private static byte[] PrintedLetter(char letter)
    {
        using var typeface = SkiaSharp.SKTypeface.FromFile("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf");
        using var font = new SkiaSharp.SKFont(typeface, 90);
        using var ink = new SkiaSharp.SKPaint { Color = new SkiaSharp.SKColor(25, 25, 35), IsAntialias = true };
        using var surface = SkiaSharp.SKSurface.Create(new SkiaSharp.SKImageInfo(140, 140));
        surface.Canvas.Clear(new SkiaSharp.SKColor(248, 248, 248));
        var text = letter.ToString();
        font.MeasureText(text, out var bounds);
        surface.Canvas.DrawText(text, 70 - bounds.MidX, 70 - bounds.MidY, SkiaSharp.SKTextAlign.Left, font, ink);
        using var image = surface.Snapshot();
        using var png = image.Encode(SkiaSharp.SKEncodedImageFormat.Png, 100);
        return png.ToArray();
    }
}
