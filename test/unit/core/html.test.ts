import * as assert from 'node:assert/strict';
import { escapeHtml, escapeText, sentenceHtml } from '../../../src/core/html';

// The inspect panel's audience mismatch sentence, built the way the panel builds it.
const AUDIENCE = '\u0000audience\u0000';
const CLIENT_ID = '\u0000clientId\u0000';
const SENTENCE = `This token was issued to ${AUDIENCE}, not to the profile's client id ${CLIENT_ID}. Do not use it with this profile; sign in again.`;

function audienceSentence(audience: string, clientId = 'amzn1.application-oa2-client.mine'): string {
	return sentenceHtml(SENTENCE, {
		[AUDIENCE]: `<code>${escapeHtml(audience)}</code>`,
		[CLIENT_ID]: `<code>${escapeHtml(clientId)}</code>`,
	});
}

describe('sentenceHtml', () => {
	it('puts each placeholder\'s HTML into the escaped sentence', () => {
		assert.equal(
			sentenceHtml('Fish & chips for \u0000who\u0000.', { '\u0000who\u0000': '<b>you</b>' }),
			'Fish &#38; chips for <b>you</b>.',
		);
	});

	for (const pattern of ['$&', '$`', '$\'', '$1', '$$', '$<name>', '$0', '$&$`$\'']) {
		it(`shows server text with ${pattern} as it is, not as a replacement pattern`, () => {
			const audience = `amzn1.application-oa2-client.${pattern}x`;

			const html = audienceSentence(audience);

			assert.equal(html, `This token was issued to <code>${escapeHtml(audience)}</code>, not to the profile's client id <code>amzn1.application-oa2-client.mine</code>. Do not use it with this profile; sign in again.`);
			assert.ok(!html.includes('\u0000'), 'no marker is left in the page');
		});
	}

	it('replaces a placeholder a translation uses twice, both times', () => {
		assert.equal(sentenceHtml('\u0000a\u0000 and \u0000a\u0000', { '\u0000a\u0000': '<i>$&</i>' }), '<i>$&</i> and <i>$&</i>');
	});
});

describe('escapeHtml and escapeText', () => {
	it('escapeHtml escapes markup and both quotes; escapeText leaves quotes for element content', () => {
		assert.equal(escapeHtml('<a href="x">\'&\'</a>'), '&#60;a href=&#34;x&#34;&#62;&#39;&#38;&#39;&#60;/a&#62;');
		assert.equal(escapeText('<b>"it\'s" & more</b>'), '&#60;b&#62;"it\'s" &#38; more&#60;/b&#62;');
	});
});
