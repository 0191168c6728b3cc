// An ERP developer's first visit: open /docs in Chromium, authorize with an API key, "Try it out" on the submit
// route with its example, see 202, then fetch the task by id and see it.
import type { AddressInfo } from 'node:net'
import { type Browser, chromium } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type Gateway, startGateway } from '../helpers/gateway.ts'

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'
let gw: Gateway
let browser: Browser
let base: string

beforeAll(async () => {
  gw = await startGateway()
  await gw.app.listen({ host: '127.0.0.1', port: 0 })
  base = `http://127.0.0.1:${(gw.app.server.address() as AddressInfo).port}`
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    // The machine's network is closed: no background fetches, no first-run or sync traffic.
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  })
})
afterAll(async () => {
  await browser?.close()
  await gw?.close()
})

describe('Swagger UI', () => {
  it('authorizes, submits the example with "Try it out", and fetches the task', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 1600 } })
    const consoleErrors: string[] = []
    page.on('console', (m) => m.type() === 'error' && consoleErrors.push(m.text()))
    await page.goto(`${base}/docs/`)
    await page.getByText('税局入账 gateway').first().waitFor()

    await page.locator('button.authorize').first().click()
    await page.locator('.modal-ux input[type=text], .modal-ux input[type=password]').first().fill(gw.apiKey)
    await page.locator('.modal-ux .auth-btn-wrapper button.authorize').click()
    await page.locator('.modal-ux button.btn-done').click()

    const submit = page.locator('#operations-recording-submitRecordingTask')
    await submit.locator('.opblock-summary').click()
    await submit.locator('button.try-out__btn').click()
    await submit.locator('button.execute').click()
    const status = submit.locator('.live-responses-table tr.response .response-col_status').first()
    await expect.poll(() => status.textContent(), { timeout: 15_000 }).toContain('202')
    const body = JSON.parse((await submit.locator('.live-responses-table tr.response .response-col_description pre').first().textContent()) ?? '{}')
    expect(body).toMatchObject({ status: 'accepted', taxNo: '914403007451947782', reference: 'AP-2025-0042' })

    const get = page.locator('#operations-recording-getRecordingTask')
    await get.locator('.opblock-summary').click()
    await get.locator('button.try-out__btn').click()
    await get.locator('input[placeholder="id"]').fill(body.id)
    await get.locator('button.execute').click()
    const getStatus = get.locator('.live-responses-table tr.response .response-col_status').first()
    await expect.poll(() => getStatus.textContent(), { timeout: 15_000 }).toContain('200')
    const task = JSON.parse((await get.locator('.live-responses-table tr.response .response-col_description pre').first().textContent()) ?? '{}')
    expect(task.id).toBe(body.id)
    expect(task.invoices[0].invoiceNo).toBe('23442000000164214335')

    await page.screenshot({ path: 'test/browser/swagger-ui.png', fullPage: false })
    expect(consoleErrors.filter((e) => !e.includes('favicon'))).toEqual([])
  })
})
