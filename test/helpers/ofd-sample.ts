// An OFD written by hand, independently of shared/ofd/writer.ts, the way other OFD producers lay one out: a default
// namespace on some parts and a prefix on others, a DocumentRes with a BaseLoc folder, a TemplatePage, text with
// DeltaX and the "g" repeat, a filled and stroked path, a stroked line, a PNG picture scaled by its CTM, and a Stamp annotation (Annotations.xml) drawn from its Appearance. The
// page is 100 × 80 mm; the places below are in page millimetres, for checks of the drawn page.
import { zipSync } from 'fflate';
import { rgbaPng } from './pdf';

const NS = 'http://www.ofdspec.org/2016';
const enc = (s: string) => new TextEncoder().encode(s);

/** where each object is on the page (mm), and its colour */
export const SAMPLE = {
  size: [100, 80] as const,
  text: { box: [10, 8, 40, 8] as const, rgb: [200, 0, 0] as const, text: '投标文件' },
  rect: { box: [10, 30, 40, 20] as const, rgb: [0, 160, 0] as const },
  image: { box: [60, 30, 30, 30] as const, rgb: [0, 0, 230] as const },
  line: { y: 70, from: 10, to: 90, rgb: [0, 0, 0] as const },
  /** the template's frame: a grey band along the top edge */
  band: { box: [0, 0, 100, 4] as const, rgb: [128, 128, 128] as const },
  /** a Stamp annotation of Annotations.xml whose Appearance is an orange picture */
  annot: { box: [72, 62, 20, 12] as const, rgb: [255, 140, 0] as const },
};

export function handWrittenOfd(): Uint8Array {
  const { text, rect, image, line, band, annot } = SAMPLE;
  const files: Record<string, Uint8Array> = {
    'OFD.xml': enc(`<?xml version="1.0" encoding="UTF-8"?><ofd:OFD xmlns:ofd="${NS}" Version="1.1" DocType="OFD"><ofd:DocBody><ofd:DocInfo><ofd:DocID>0f0e0d0c0b0a09080706050403020100</ofd:DocID><ofd:Creator>hand</ofd:Creator></ofd:DocInfo><ofd:DocRoot>/Doc_0/Document.xml</ofd:DocRoot></ofd:DocBody></ofd:OFD>`),
    'Doc_0/Document.xml': enc(
      `<?xml version="1.0" encoding="UTF-8"?><Document xmlns="${NS}"><CommonData><MaxUnitID>20</MaxUnitID><PageArea><PhysicalBox>0 0 210 297</PhysicalBox></PageArea><PublicRes>PublicRes.xml</PublicRes><DocumentRes>DocumentRes.xml</DocumentRes><TemplatePage ID="9" BaseLoc="Tpls/Tpl_0/Content.xml"/></CommonData><Pages><Page ID="1" BaseLoc="Pages/Page_0/Content.xml"/></Pages><Annotations>Annots/Annotations.xml</Annotations></Document>`,
    ),
    'Doc_0/PublicRes.xml': enc(`<?xml version="1.0" encoding="UTF-8"?><ofd:Res xmlns:ofd="${NS}" BaseLoc="Res"><ofd:Fonts><ofd:Font ID="2" FontName="SimSun" FamilyName="SimSun"/></ofd:Fonts></ofd:Res>`),
    'Doc_0/DocumentRes.xml': enc(`<?xml version="1.0" encoding="UTF-8"?><ofd:Res xmlns:ofd="${NS}" BaseLoc="Res"><ofd:MultiMedias><ofd:MultiMedia ID="5" Type="Image" Format="PNG"><ofd:MediaFile>image_5.png</ofd:MediaFile></ofd:MultiMedia><ofd:MultiMedia ID="13" Type="Image"><ofd:MediaFile>stamp_13.png</ofd:MediaFile></ofd:MultiMedia></ofd:MultiMedias></ofd:Res>`),
    'Doc_0/Res/image_5.png': rgbaPng(16, 16, () => [image.rgb[0], image.rgb[1], image.rgb[2], 255]),
    'Doc_0/Res/stamp_13.png': rgbaPng(10, 6, () => [annot.rgb[0], annot.rgb[1], annot.rgb[2], 255]),
    'Doc_0/Annots/Annotations.xml': enc(`<?xml version="1.0" encoding="UTF-8"?><ofd:Annotations xmlns:ofd="${NS}"><ofd:Page PageID="1"><ofd:FileLoc>Page_0/Annotation.xml</ofd:FileLoc></ofd:Page></ofd:Annotations>`),
    'Doc_0/Annots/Page_0/Annotation.xml': enc(
      `<?xml version="1.0" encoding="UTF-8"?><ofd:PageAnnot xmlns:ofd="${NS}"><ofd:Annot ID="14" Type="Stamp" Creator="other seal system"><ofd:Appearance Boundary="${annot.box.join(' ')}"><ofd:ImageObject ID="15" Boundary="0 0 ${annot.box[2]} ${annot.box[3]}" CTM="${annot.box[2]} 0 0 ${annot.box[3]} 0 0" ResourceID="13"/></ofd:Appearance></ofd:Annot><ofd:Annot ID="16" Type="Watermark" Visible="false"><ofd:Appearance Boundary="0 0 100 80"><ofd:ImageObject ID="17" Boundary="0 0 100 80" CTM="100 0 0 80 0 0" ResourceID="13"/></ofd:Appearance></ofd:Annot></ofd:PageAnnot>`,
    ),
    'Doc_0/Tpls/Tpl_0/Content.xml': enc(
      `<?xml version="1.0" encoding="UTF-8"?><ofd:Page xmlns:ofd="${NS}"><ofd:Content><ofd:Layer ID="10"><ofd:PathObject ID="11" Boundary="${band.box.join(' ')}" Stroke="false" Fill="true"><ofd:FillColor Value="${band.rgb.join(' ')}"/><ofd:AbbreviatedData>M 0 0 L 100 0 L 100 4 L 0 4 C</ofd:AbbreviatedData></ofd:PathObject></ofd:Layer></ofd:Content></ofd:Page>`,
    ),
    'Doc_0/Pages/Page_0/Content.xml': enc(
      `<?xml version="1.0" encoding="UTF-8"?><ofd:Page xmlns:ofd="${NS}"><ofd:Template TemplateID="9" ZOrder="Background"/><ofd:Area><ofd:PhysicalBox>0 0 ${SAMPLE.size.join(' ')}</ofd:PhysicalBox></ofd:Area><ofd:Content><ofd:Layer ID="3" Type="Body">` +
        `<ofd:TextObject ID="4" Boundary="${text.box.join(' ')}" Font="2" Size="7" Weight="700"><ofd:FillColor Value="${text.rgb.join(' ')}"/><ofd:TextCode X="0.5" Y="6.5" DeltaX="g 3 8">${text.text}</ofd:TextCode></ofd:TextObject>` +
        `<ofd:PageBlock ID="12"><ofd:PathObject ID="6" Boundary="${rect.box.join(' ')}" LineWidth="1" Fill="true"><ofd:StrokeColor Value="0 0 0"/><ofd:FillColor Value="${rect.rgb.join(' ')}"/><ofd:AbbreviatedData>M 0 0 L 40 0 L 40 20 L 0 20 C</ofd:AbbreviatedData></ofd:PathObject></ofd:PageBlock>` +
        `<ofd:ImageObject ID="7" Boundary="${image.box.join(' ')}" CTM="${image.box[2]} 0 0 ${image.box[3]} 0 0" ResourceID="5"/>` +
        `<ofd:PathObject ID="8" Boundary="${line.from} ${line.y - 1} ${line.to - line.from} 2" LineWidth="1"><ofd:AbbreviatedData>S 0 1 L ${line.to - line.from} 1</ofd:AbbreviatedData></ofd:PathObject>` +
        `</ofd:Layer></ofd:Content></ofd:Page>`,
    ),
  };
  return zipSync(files);
}
