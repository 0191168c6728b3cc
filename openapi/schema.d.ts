// Generated from openapi/openapi.json by `npm run kit:generate`; do not edit.
export interface paths {
    "/live": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The process is up (checks nothing else)
         * @description For a liveness probe: answers while the process serves HTTP, whatever the database or piaozone do. No API key.
         */
        get: operations["live"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/ready": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Ready to serve: database reachable, migrations applied, worker running
         * @description For a readiness probe or load balancer: 503 while a check fails (checks says which). The piaozone credentials, as tried at start, are shown and never fail it. No API key.
         */
        get: operations["ready"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/recording-tasks": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List tasks, newest first
         * @description Your tasks without their invoices, filtered by tax number, status, reference (your document number) and creation time; page with cursor (the nextCursor of the previous page).
         */
        get: operations["listRecordingTasks"];
        put?: never;
        /**
         * Submit invoices to be marked 入账
         * @description Answers 202 once the task is durably stored; the worker then submits it to piaozone and polls the outcome.
         */
        post: operations["submitRecordingTask"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/recording-tasks/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * A task with every invoice and its outcome
         * @description Poll it after a submit (the Location header) until status is final: completed, partially_failed, failed or cancelled; each invoice has its outcome and, when it failed, the vendor's failReason. 404 for a task of another client.
         */
        get: operations["getRecordingTask"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/recording-tasks/{id}/refresh": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Ask piaozone now instead of waiting for the worker
         * @description Advances the task one step (submit or poll) now, then returns it. A step of the task already running is joined, never repeated; when another gateway process is working on the task, it is returned as it stands.
         */
        post: operations["refreshRecordingTask"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/recording-tasks/{id}/resume": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Put a stalled task back to work
         * @description A task that made no progress for WORKER_STALL_AFTER_MS is `stalled`; this makes it due now. 409 for a task that is not stalled.
         */
        post: operations["resumeRecordingTask"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/recording-tasks/{id}/cancel": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Cancel a task before anything of it was sent to piaozone
         * @description Only while none of its batches has left for the vendor: then `cancelled`, and no worker ever sends it. Otherwise 409 saying why.
         */
        post: operations["cancelRecordingTask"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/recording-tasks/{id}/retry-failed": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Submit the failed invoices of a finished task again, as a new task
         * @description Same tax number, target status and reference; the new task has retryOf, the old one lists it in retries. 409 while the task is unfinished or when nothing failed.
         */
        post: operations["retryFailedInvoices"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/invoices": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Your invoices in their latest known state, filtered
         * @description One row per invoice you have sent (per tax number, invoice number and code), as its latest task left it, with the latest 入账状态 the vendor reported. Ordered by tax number and invoice number; page with cursor.
         */
        get: operations["searchInvoices"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/reports/entry-summary": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Month-end summary of a tax number: counts by target and outcome, failures by reason
         * @description Over your invoices of the period, each in its latest known state (as GET /v1/invoices lists them).
         */
        get: operations["getEntrySummary"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/invoices/{invoiceNo}/entry-status": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Latest known 入账状态 of one invoice, with its history
         * @description As your tasks learnt it from piaozone (it is not asked again): the latest 入账状态, whether the seller can still red-reverse the invoice, every task that held it, and the audit trail. 404 for an invoice none of your tasks held; a legacy invoice needs its invoiceCode.
         */
        get: operations["getInvoiceEntryStatus"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/tax-numbers": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Your tax numbers: tax-bureau session, piaozone account, unfinished and waiting tasks
         * @description The session as the gateway last saw it (nothing is asked of piaozone); POST /v1/tax-numbers/{taxNo}/check asks now.
         */
        get: operations["listTaxNumbers"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/tax-numbers/{taxNo}/check": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Is this tax number ready for 入账? Checks it with piaozone now
         * @description Runs taxLogin (the tax-bureau session) and, where piaozone offers it, the e-tax account check, and names each problem with the vendor's own code and message. A session that is back resumes the tasks waiting for it (as POST /v1/tax-login does).
         */
        post: operations["checkTaxNumber"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/tax-login": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Run the tax-bureau login check for a tax number
         * @description Reports whether a person must finish an interactive step at loginWebUrl. When the session is fine, tasks waiting for it resume.
         */
        post: operations["taxLogin"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/webhook-deliveries": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Your webhook events and how their delivery went, newest first
         * @description An event is recorded for your endpoint (set by an operator) when one of your tasks finishes, waits for a tax-bureau login, or stalls.
         */
        get: operations["listWebhookDeliveries"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/webhook-deliveries/{id}/redeliver": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Send an event to your endpoint again
         * @description Delivered or given up alike: it is sent again at once, with the same webhook-id, and retried as a new event would be. 409 when no endpoint is set.
         */
        post: operations["redeliverWebhook"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/auto-entry/candidates": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Where each candidate stands, and why
         * @description In key order (tax number, invoice code, number). Filtered by standing or rule, a page may hold fewer than limit while nextCursor says more follow.
         */
        get: operations["listAutoEntryCandidates"];
        /**
         * Hand over invoices for automatic 入账 (upsert)
         * @description As your ERP collects invoices or binds them to documents. Keyed by tax number, invoice code and number: a second PUT updates (and un-withdraws). The answer says where each stands now and which rule would take it, or why none would.
         */
        put: operations["putAutoEntryCandidates"];
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/auto-entry/candidates/{invoiceNo}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /**
         * Withdraw a candidate (its document was unbound): it is never submitted
         * @description 409 once a run is submitting it or a task holds it (then cancel the task while nothing was sent).
         */
        delete: operations["withdrawAutoEntryCandidate"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/auto-entry/rules": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Your rules, in the order they take invoices
         * @description Lower priority first: the first enabled rule that matches an invoice takes it.
         */
        get: operations["listAutoEntryRules"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/auto-entry/rules/{name}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * A rule, and when it runs next
         * @description As stored by PUT /v1/auto-entry/rules/{name}; nextRunAt is null while it is disabled.
         */
        get: operations["getAutoEntryRule"];
        /**
         * Create or replace a rule
         * @description Every list in match must match (an omitted one matches all); the first enabled rule by priority that matches an invoice takes it. 06 is never automatic. Every change is kept (GET …/history), with X-Operator as who made it.
         */
        put: operations["putAutoEntryRule"];
        post?: never;
        /**
         * Delete a rule (its history and runs stay); answers the rule as it was
         * @description It takes no more invoices from its next run on; x-operator names who deleted it in its history.
         */
        delete: operations["deleteAutoEntryRule"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/auto-entry/rules/{name}/history": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Every change of a rule: who, when, before and after, newest first
         * @description Kept after the rule is deleted: the deletion is its last change (after is null).
         */
        get: operations["getAutoEntryRuleHistory"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/auto-entry/rules/{name}/preview": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * What a run of the rule now would submit, and what it would leave and why
         * @description Writes and sends nothing. Groups by tax number, target and period, with up to 100 invoices; up to 100 candidates it would leave. A disabled rule is previewed as if it were enabled.
         */
        post: operations["previewAutoEntryRule"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/auto-entry/rules/{name}/run": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Run a rule now
         * @description 202 with the run; follow it at GET /v1/auto-entry/runs/{id}. 409 while another run of the rule is selecting or submitting.
         */
        post: operations["runAutoEntryRule"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/auto-entry/runs": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Runs, newest first
         * @description Runs of your rules, scheduled, caught up or manual, without their tasks; filter by rule, page with cursor.
         */
        get: operations["listAutoEntryRuns"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/auto-entry/runs/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * A run: counts, and its tasks with their outcomes
         * @description The auto_entry.run_finished webhook names it once every task of the run has finished.
         */
        get: operations["getAutoEntryRun"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
}
export interface webhooks {
    "recording_task.finished": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * A task finished: completed, partially_failed or failed
         * @description POSTed to your client's endpoint (`npm run cli -- webhooks set`), signed as Standard Webhooks (standardwebhooks.com) says: verify webhook-signature with your secret before trusting the body. Delivered at least once: deduplicate on webhook-id. Any 2xx within WEBHOOK_TIMEOUT_MS is delivered; anything else is tried again with backoff until WEBHOOK_RETRY_FOR_MS. GET /v1/webhook-deliveries shows each delivery.
         */
        post: operations["webhook_recording_task_finished"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "recording_task.waiting_tax_login": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * A task entered waiting_tax_login
         * @description POSTed to your client's endpoint (`npm run cli -- webhooks set`), signed as Standard Webhooks (standardwebhooks.com) says: verify webhook-signature with your secret before trusting the body. Delivered at least once: deduplicate on webhook-id. Any 2xx within WEBHOOK_TIMEOUT_MS is delivered; anything else is tried again with backoff until WEBHOOK_RETRY_FOR_MS. GET /v1/webhook-deliveries shows each delivery.
         */
        post: operations["webhook_recording_task_waiting_tax_login"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "recording_task.stalled": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * A task entered stalled
         * @description POSTed to your client's endpoint (`npm run cli -- webhooks set`), signed as Standard Webhooks (standardwebhooks.com) says: verify webhook-signature with your secret before trusting the body. Delivered at least once: deduplicate on webhook-id. Any 2xx within WEBHOOK_TIMEOUT_MS is delivered; anything else is tried again with backoff until WEBHOOK_RETRY_FOR_MS. GET /v1/webhook-deliveries shows each delivery.
         */
        post: operations["webhook_recording_task_stalled"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "tax_number.session_lost": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * The tax-bureau session of a tax number you may use was lost
         * @description POSTed to your client's endpoint (`npm run cli -- webhooks set`), signed as Standard Webhooks (standardwebhooks.com) says: verify webhook-signature with your secret before trusting the body. Delivered at least once: deduplicate on webhook-id. Any 2xx within WEBHOOK_TIMEOUT_MS is delivered; anything else is tried again with backoff until WEBHOOK_RETRY_FOR_MS. GET /v1/webhook-deliveries shows each delivery.
         */
        post: operations["webhook_tax_number_session_lost"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "auto_entry.run_finished": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Every task of an automatic 入账 run has finished
         * @description POSTed to your client's endpoint (`npm run cli -- webhooks set`), signed as Standard Webhooks (standardwebhooks.com) says: verify webhook-signature with your secret before trusting the body. Delivered at least once: deduplicate on webhook-id. Any 2xx within WEBHOOK_TIMEOUT_MS is delivered; anything else is tried again with backoff until WEBHOOK_RETRY_FOR_MS. GET /v1/webhook-deliveries shows each delivery.
         */
        post: operations["webhook_auto_entry_run_finished"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
}
export interface components {
    schemas: {
        /**
         * @description Stored. The worker submits it to piaozone now; poll GET /v1/recording-tasks/{id} (Location header) for the outcome
         * @example {
         *       "id": "0b5a1c6e-8f3d-4d2a-9c55-2f7e9a1b3c4d",
         *       "status": "accepted",
         *       "taxNo": "914403007451947782",
         *       "nextEntryMarkStatus": "02",
         *       "reference": "AP-2025-0042",
         *       "requestId": "req-1",
         *       "counts": {
         *         "total": 1,
         *         "pending": 1,
         *         "succeeded": 0,
         *         "failed": 0
         *       },
         *       "vendorTaskNos": [],
         *       "error": null,
         *       "retryOf": null,
         *       "operator": "zhang.san",
         *       "reason": null,
         *       "createdAt": "2025-11-26T08:00:00.000Z",
         *       "updatedAt": "2025-11-26T08:00:00.000Z",
         *       "finishedAt": null,
         *       "replayed": false,
         *       "retries": [],
         *       "invoices": [
         *         {
         *           "index": 0,
         *           "serialNo": "3388296ca4d147f1b4ffe114412493a00",
         *           "invoiceNo": "23442000000164214335",
         *           "invoiceCode": "",
         *           "recordedTime": "20251126",
         *           "recordedPeriod": "20251126",
         *           "outcome": "pending",
         *           "preEntryMarkStatus": null,
         *           "entryMarkStatus": null,
         *           "failReason": null,
         *           "invoiceType": null,
         *           "invoiceDate": null,
         *           "etaxInvoiceNo": null
         *         }
         *       ]
         *     }
         */
        AcceptedRecordingTask: {
            /** Format: uuid */
            id: string;
            status: components["schemas"]["TaskStatus"];
            taxNo: string;
            nextEntryMarkStatus: components["schemas"]["EntryMarkTarget"];
            reference: string | null;
            requestId: string | null;
            counts: components["schemas"]["TaskCounts"];
            /** @description piaozone task numbers, one per vendor batch submitted */
            vendorTaskNos: string[];
            error: components["schemas"]["TaskError"] | null;
            retryOf: string | null;
            operator: string | null;
            reason: string | null;
            /** Format: date-time */
            createdAt: string;
            /** Format: date-time */
            updatedAt: string;
            finishedAt: string | null;
            /** @description Tasks made by POST …/retry-failed from this one, oldest first */
            retries: string[];
            /** @description true when an Idempotency-Key replay returned an existing task */
            replayed?: boolean;
            invoices: components["schemas"]["TaskInvoice"][];
            /** @description Input that is allowed but probably not what you meant (e.g. a 统一社会信用代码 missing its last character); present only when there are any */
            warnings?: components["schemas"]["FieldProblem"][];
        };
        /**
         * @description Where a candidate stands, and why
         * @example {
         *       "taxNo": "914403007451947782",
         *       "invoiceNo": "25442000000123450001",
         *       "invoiceCode": "",
         *       "standing": "withdrawn",
         *       "rule": null,
         *       "nextRunAt": null,
         *       "reasons": [
         *         "withdrawn: its document was unbound"
         *       ],
         *       "taskId": null
         *     }
         */
        AutoEntryCandidate: {
            taxNo: string;
            invoiceNo: string;
            invoiceCode: string;
            standing: components["schemas"]["AutoEntryStanding"];
            rule: string | null;
            nextRunAt: string | null;
            /** @description Why it stands so, in plain words */
            reasons: string[];
            /** @description For not_matched: each enabled rule and why it does not take the invoice */
            notMatchedBy?: {
                [key: string]: string[];
            };
            taskId: string | null;
        };
        /** @description An invoice handed over for automatic 入账, with the document and voucher it is bound to */
        AutoEntryCandidateInput: {
            /**
             * @description 发票号码
             * @example 25442000000123450001
             */
            invoiceNo: string;
            /**
             * @description 发票代码; empty for 数电
             * @example
             */
            invoiceCode?: string;
            /**
             * @description 发票种类代码: 10 增值税电子普通发票, 14 增值税电子普通发票（通行费）, 15 二手车销售统一发票, 61 电子发票（航空运输电子客票行程单）, 81 电子发票（增值税专用发票）, 82 电子发票（普通发票）, 01 增值税专用发票, 03 机动车销售统一发票, 04 增值税普通发票, 08 增值税电子专用发票
             * @example 81
             * @enum {string}
             */
            invoiceType: "10" | "14" | "15" | "61" | "81" | "82" | "01" | "03" | "04" | "08";
            /**
             * @description 开票日期
             * @example 20251103
             */
            issueDate: string;
            /**
             * @description Where your ERP collected it (your own code), e.g. tax_bureau, scan, email
             * @example tax_bureau
             */
            source: string;
            /** @description The document (单据) it is bound to */
            document?: {
                /**
                 * @description The type of document it is bound to (your code), e.g. expense_claim, payment, purchase
                 * @example expense_claim
                 */
                type: string;
                /** @example BX-2025-1103 */
                number?: string;
                /**
                 * @description Its status in your ERP, e.g. approved
                 * @example approved
                 */
                status?: string;
            };
            /** @description The 凭证 once it is posted */
            voucher?: {
                /** @example 记-0321 */
                number?: string;
                /**
                 * @description 凭证的会计期间 (yyyyMM)
                 * @example 202511
                 */
                period: string;
                /**
                 * @description 凭证日期
                 * @example 20251120
                 */
                date: string;
            };
            /**
             * @description normal (default); red_reversed, void and abnormal are never taken
             * @example normal
             * @enum {string}
             */
            state?: "normal" | "red_reversed" | "void" | "abnormal";
            /**
             * @description 购方纳税人识别号
             * @example 914403007451947782
             */
            sellerTaxNo?: string;
            /**
             * @description 价税合计 (yuan)
             * @example 1280.5
             */
            amount?: number;
        };
        /**
         * @description Candidates in key order
         * @example {
         *       "items": [
         *         {
         *           "taxNo": "914403007451947782",
         *           "invoiceNo": "25442000000123450001",
         *           "invoiceCode": "",
         *           "standing": "waiting",
         *           "rule": "expense-claims-nightly",
         *           "nextRunAt": "2025-11-26T14:00:00.000Z",
         *           "reasons": [
         *             "rule expense-claims-nightly takes it at its next run"
         *           ],
         *           "taskId": null
         *         },
         *         {
         *           "taxNo": "914403007451947782",
         *           "invoiceNo": "25442000000123450002",
         *           "invoiceCode": "",
         *           "standing": "not_matched",
         *           "rule": null,
         *           "nextRunAt": null,
         *           "reasons": [
         *             "no enabled rule takes it"
         *           ],
         *           "taskId": null,
         *           "notMatchedBy": {
         *             "expense-claims-nightly": [
         *               "source scan is not one of tax_bureau"
         *             ]
         *           }
         *         }
         *       ],
         *       "nextCursor": null
         *     }
         */
        AutoEntryCandidateList: {
            items: components["schemas"]["AutoEntryCandidate"][];
            nextCursor: string | null;
        };
        /**
         * @description Each invoice as stored, and where it stands now
         * @example {
         *       "items": [
         *         {
         *           "taxNo": "914403007451947782",
         *           "invoiceNo": "25442000000123450001",
         *           "invoiceCode": "",
         *           "standing": "waiting",
         *           "rule": "expense-claims-nightly",
         *           "nextRunAt": "2025-11-26T14:00:00.000Z",
         *           "reasons": [
         *             "rule expense-claims-nightly takes it at its next run"
         *           ],
         *           "taskId": null,
         *           "created": true
         *         },
         *         {
         *           "taxNo": "914403007451947782",
         *           "invoiceNo": "25442000000123450002",
         *           "invoiceCode": "",
         *           "standing": "not_matched",
         *           "rule": null,
         *           "nextRunAt": null,
         *           "reasons": [
         *             "no enabled rule takes it"
         *           ],
         *           "taskId": null,
         *           "notMatchedBy": {
         *             "expense-claims-nightly": [
         *               "source scan is not one of tax_bureau"
         *             ]
         *           },
         *           "created": false
         *         }
         *       ]
         *     }
         */
        AutoEntryCandidatesAnswer: {
            items: components["schemas"]["AutoEntryStoredCandidate"][];
        };
        /**
         * @example {
         *       "taxNo": "914403007451947782",
         *       "invoices": [
         *         {
         *           "invoiceNo": "25442000000123450001",
         *           "invoiceType": "81",
         *           "issueDate": "20251103",
         *           "source": "tax_bureau",
         *           "document": {
         *             "type": "expense_claim",
         *             "number": "BX-2025-1103",
         *             "status": "approved"
         *           },
         *           "voucher": {
         *             "number": "记-0321",
         *             "period": "202511",
         *             "date": "20251120"
         *           },
         *           "amount": 1280.5
         *         }
         *       ]
         *     }
         */
        AutoEntryCandidatesRequest: {
            /**
             * @description 购方纳税人识别号
             * @example 914403007451947782
             */
            taxNo: string;
            /** @description 1 to 1000 invoices of this buyer */
            invoices: components["schemas"]["AutoEntryCandidateInput"][];
        };
        /**
         * @description What a run now would submit and leave; nothing is written or sent
         * @example {
         *       "groups": [
         *         {
         *           "taxNo": "914403007451947782",
         *           "nextEntryMarkStatus": "02",
         *           "recordedPeriod": "202511",
         *           "count": 1,
         *           "invoices": [
         *             {
         *               "invoiceNo": "25442000000123450001",
         *               "invoiceCode": "",
         *               "recordedTime": "20251120",
         *               "recordedPeriod": "202511"
         *             }
         *           ]
         *         }
         *       ],
         *       "counts": {
         *         "considered": 2,
         *         "submitted": 1,
         *         "notMatched": 1,
         *         "waiting": 0,
         *         "excluded": {}
         *       },
         *       "left": [
         *         {
         *           "taxNo": "914403007451947782",
         *           "invoiceNo": "25442000000123450002",
         *           "invoiceCode": "",
         *           "standing": "not_matched",
         *           "rule": null,
         *           "nextRunAt": null,
         *           "reasons": [
         *             "no enabled rule takes it"
         *           ],
         *           "taskId": null,
         *           "notMatchedBy": {
         *             "expense-claims-nightly": [
         *               "source scan is not one of tax_bureau"
         *             ]
         *           }
         *         }
         *       ]
         *     }
         */
        AutoEntryPreview: {
            groups: {
                taxNo: string;
                nextEntryMarkStatus: string;
                recordedPeriod: string;
                count: number;
                /** @description Up to 100 */
                invoices: {
                    invoiceNo: string;
                    invoiceCode: string;
                    recordedTime: string;
                    recordedPeriod: string;
                }[];
            }[];
            counts: {
                /** @description Candidates it looked at */
                considered: number;
                submitted: number;
                /** @description Taken by no rule, or by another rule */
                notMatched: number;
                /** @description Its own, but not yet (e.g. minAgeDays) */
                waiting: number;
                /** @description By reason */
                excluded: {
                    [key: string]: number;
                };
            };
            /** @description Up to 100 candidates it would leave, and why */
            left: components["schemas"]["AutoEntryCandidate"][];
        };
        /**
         * @description A rule as stored, and when it runs next
         * @example {
         *       "name": "expense-claims-nightly",
         *       "taxNos": [],
         *       "enabled": true,
         *       "priority": 10,
         *       "match": {
         *         "sources": [
         *           "tax_bureau"
         *         ],
         *         "documentTypes": [
         *           "expense_claim"
         *         ],
         *         "invoiceTypes": [
         *           "81",
         *           "82"
         *         ],
         *         "requireVoucher": true
         *       },
         *       "action": {
         *         "nextEntryMarkStatus": "02",
         *         "recordedPeriod": "voucher",
         *         "recordedTime": "voucher"
         *       },
         *       "schedule": "0 22 * * *",
         *       "timeZone": "Asia/Shanghai",
         *       "nextRunAt": "2025-11-26T14:00:00.000Z",
         *       "createdAt": "2025-11-26T02:00:00.000Z",
         *       "updatedAt": "2025-11-26T02:00:00.000Z"
         *     }
         */
        AutoEntryRule: {
            name: string;
            enabled: boolean;
            priority: number;
            taxNos: string[];
            match: {
                [key: string]: unknown;
            };
            action: {
                [key: string]: unknown;
            };
            schedule: string;
            timeZone: string;
            nextRunAt: string | null;
            /** Format: date-time */
            createdAt: string;
            /** Format: date-time */
            updatedAt: string;
        };
        /**
         * @description Every change, newest first: before and after as set (null before a creation, null after a deletion)
         * @example {
         *       "items": [
         *         {
         *           "operator": "wang.wu",
         *           "at": "2025-11-27T01:00:00.000Z",
         *           "before": {
         *             "taxNos": [],
         *             "enabled": true,
         *             "priority": 10,
         *             "match": {
         *               "sources": [
         *                 "tax_bureau"
         *               ],
         *               "documentTypes": [
         *                 "expense_claim"
         *               ],
         *               "invoiceTypes": [
         *                 "81",
         *                 "82"
         *               ],
         *               "requireVoucher": true
         *             },
         *             "action": {
         *               "nextEntryMarkStatus": "02",
         *               "recordedPeriod": "voucher",
         *               "recordedTime": "voucher"
         *             },
         *             "schedule": "0 22 * * *",
         *             "timeZone": "Asia/Shanghai"
         *           },
         *           "after": {
         *             "taxNos": [],
         *             "enabled": true,
         *             "priority": 20,
         *             "match": {
         *               "sources": [
         *                 "tax_bureau"
         *               ],
         *               "documentTypes": [
         *                 "expense_claim"
         *               ],
         *               "invoiceTypes": [
         *                 "81",
         *                 "82"
         *               ],
         *               "requireVoucher": true
         *             },
         *             "action": {
         *               "nextEntryMarkStatus": "02",
         *               "recordedPeriod": "voucher",
         *               "recordedTime": "voucher"
         *             },
         *             "schedule": "0 22 * * *",
         *             "timeZone": "Asia/Shanghai"
         *           }
         *         },
         *         {
         *           "operator": "li.si",
         *           "at": "2025-11-26T02:00:00.000Z",
         *           "before": null,
         *           "after": {
         *             "taxNos": [],
         *             "enabled": true,
         *             "priority": 10,
         *             "match": {
         *               "sources": [
         *                 "tax_bureau"
         *               ],
         *               "documentTypes": [
         *                 "expense_claim"
         *               ],
         *               "invoiceTypes": [
         *                 "81",
         *                 "82"
         *               ],
         *               "requireVoucher": true
         *             },
         *             "action": {
         *               "nextEntryMarkStatus": "02",
         *               "recordedPeriod": "voucher",
         *               "recordedTime": "voucher"
         *             },
         *             "schedule": "0 22 * * *",
         *             "timeZone": "Asia/Shanghai"
         *           }
         *         }
         *       ]
         *     }
         */
        AutoEntryRuleHistory: {
            items: {
                operator: string | null;
                /** Format: date-time */
                at: string;
                before: {
                    [key: string]: unknown;
                } | null;
                after: {
                    [key: string]: unknown;
                } | null;
            }[];
        };
        /**
         * @description A rule as you set it
         * @example {
         *       "enabled": true,
         *       "priority": 10,
         *       "match": {
         *         "sources": [
         *           "tax_bureau"
         *         ],
         *         "documentTypes": [
         *           "expense_claim"
         *         ],
         *         "invoiceTypes": [
         *           "81",
         *           "82"
         *         ],
         *         "requireVoucher": true
         *       },
         *       "action": {
         *         "nextEntryMarkStatus": "02",
         *         "recordedPeriod": "voucher",
         *         "recordedTime": "voucher"
         *       },
         *       "schedule": "0 22 * * *",
         *       "timeZone": "Asia/Shanghai"
         *     }
         */
        AutoEntryRuleInput: {
            /** @example true */
            enabled: boolean;
            /**
             * @description Lower first: the first enabled rule that matches an invoice takes it
             * @example 10
             */
            priority: number;
            /** @description Only these buyers; omitted: every tax number you may use */
            taxNos?: string[];
            /** @description Every list given must match; an omitted one matches all */
            match: {
                sources?: string[];
                documentTypes?: string[];
                documentStatuses?: string[];
                /** @description 发票种类代码 */
                invoiceTypes?: string[];
                /** @description Only invoices whose 凭证 is posted */
                requireVoucher?: boolean;
                /** @description Only invoices issued at least this many days ago */
                minAgeDays?: number;
                amountMin?: number;
                amountMax?: number;
                sellerTaxNos?: string[];
                excludeSellerTaxNos?: string[];
            };
            action: {
                /**
                 * @description 02 or 03; 06 (入账撤销) is never automatic
                 * @example 02
                 * @enum {string}
                 */
                nextEntryMarkStatus: "02" | "03";
                /**
                 * @description 入账属期 from the voucher's period (needs requireVoucher), the issue month, or the run's month; clamped into [the invoice's month, the current month]
                 * @example voucher
                 * @enum {string}
                 */
                recordedPeriod: "voucher" | "issue" | "run";
                /**
                 * @description 入账时间 from the voucher's date (needs requireVoucher) or the run's day; never after today
                 * @example voucher
                 * @enum {string}
                 */
                recordedTime: "voucher" | "run";
            };
            /**
             * @description cron: 5 fields (minute hour day month weekday), or 6 with seconds first
             * @example 0 22 * * *
             */
            schedule: string;
            /**
             * @description IANA time zone of the schedule; default Asia/Shanghai
             * @example Asia/Shanghai
             */
            timeZone?: string;
        };
        /**
         * @description Your rules, lower priority first
         * @example {
         *       "items": [
         *         {
         *           "name": "expense-claims-nightly",
         *           "taxNos": [],
         *           "enabled": true,
         *           "priority": 10,
         *           "match": {
         *             "sources": [
         *               "tax_bureau"
         *             ],
         *             "documentTypes": [
         *               "expense_claim"
         *             ],
         *             "invoiceTypes": [
         *               "81",
         *               "82"
         *             ],
         *             "requireVoucher": true
         *           },
         *           "action": {
         *             "nextEntryMarkStatus": "02",
         *             "recordedPeriod": "voucher",
         *             "recordedTime": "voucher"
         *           },
         *           "schedule": "0 22 * * *",
         *           "timeZone": "Asia/Shanghai",
         *           "nextRunAt": "2025-11-26T14:00:00.000Z",
         *           "createdAt": "2025-11-26T02:00:00.000Z",
         *           "updatedAt": "2025-11-26T02:00:00.000Z"
         *         }
         *       ]
         *     }
         */
        AutoEntryRuleList: {
            items: components["schemas"]["AutoEntryRule"][];
        };
        /**
         * @description A run: counts, and its tasks with their outcomes
         * @example {
         *       "id": "6f1d0c52-3b7a-4c1e-9d3f-0a2b4c6d8e10",
         *       "rule": "expense-claims-nightly",
         *       "trigger": "schedule",
         *       "slot": "2025-11-26T14:00:00.000Z",
         *       "state": "finished",
         *       "startedAt": "2025-11-26T14:00:00.120Z",
         *       "finishedAt": "2025-11-26T14:00:09.500Z",
         *       "error": null,
         *       "counts": {
         *         "considered": 3,
         *         "submitted": 2,
         *         "notMatched": 0,
         *         "waiting": 0,
         *         "excluded": {
         *           "red_reversed": 1
         *         }
         *       },
         *       "tasks": [
         *         {
         *           "id": "0b5a1c6e-8f3d-4d2a-9c55-2f7e9a1b3c4d",
         *           "status": "completed",
         *           "invoiceCount": 2,
         *           "counts": {
         *             "pending": 0,
         *             "succeeded": 2,
         *             "failed": 0
         *           }
         *         }
         *       ]
         *     }
         */
        AutoEntryRun: {
            /** Format: uuid */
            id: string;
            rule: string;
            trigger: components["schemas"]["AutoEntryRunTrigger"];
            slot: string | null;
            state: components["schemas"]["AutoEntryRunState"];
            /** Format: date-time */
            startedAt: string;
            finishedAt: string | null;
            counts: components["schemas"]["AutoEntryRunCounts"];
            error: string | null;
            tasks: components["schemas"]["AutoEntryRunTask"][];
        };
        AutoEntryRunCounts: {
            /** @description Candidates it looked at */
            considered?: number;
            submitted?: number;
            /** @description Taken by no rule, or by another rule */
            notMatched?: number;
            /** @description Its own, but not yet (e.g. minAgeDays) */
            waiting?: number;
            /** @description By reason */
            excluded?: {
                [key: string]: number;
            };
        };
        /**
         * @description Every task of an automatic 入账 run has finished (a run that submitted nothing finishes at once)
         * @example {
         *       "type": "auto_entry.run_finished",
         *       "timestamp": "2025-11-26T14:00:09.500Z",
         *       "data": {
         *         "id": "6f1d0c52-3b7a-4c1e-9d3f-0a2b4c6d8e10",
         *         "rule": "expense-claims-nightly",
         *         "trigger": "schedule",
         *         "slot": "2025-11-26T14:00:00.000Z",
         *         "counts": {
         *           "considered": 3,
         *           "submitted": 2,
         *           "notMatched": 0,
         *           "waiting": 0,
         *           "excluded": {
         *             "red_reversed": 1
         *           }
         *         },
         *         "tasks": 1,
         *         "outcomes": {
         *           "succeeded": 2,
         *           "failed": 0,
         *           "pending": 0
         *         },
         *         "href": "/v1/auto-entry/runs/6f1d0c52-3b7a-4c1e-9d3f-0a2b4c6d8e10"
         *       }
         *     }
         */
        AutoEntryRunFinishedEvent: {
            /** @enum {string} */
            type: "auto_entry.run_finished";
            /**
             * Format: date-time
             * @description When the run finished
             */
            timestamp: string;
            data: {
                /**
                 * Format: uuid
                 * @description The run
                 */
                id: string;
                rule: string;
                trigger: components["schemas"]["AutoEntryRunTrigger"];
                slot: string | null;
                /** @description considered, submitted, notMatched, waiting, excluded by reason */
                counts: {
                    [key: string]: unknown;
                };
                /** @description Tasks the run made */
                tasks: number;
                /** @description Their invoices by outcome */
                outcomes: {
                    succeeded: number;
                    failed: number;
                    pending: number;
                };
                /** @description The run with its tasks: GET it with your API key */
                href: string;
            };
        };
        /**
         * @description Runs, newest first
         * @example {
         *       "items": [
         *         {
         *           "id": "6f1d0c52-3b7a-4c1e-9d3f-0a2b4c6d8e10",
         *           "rule": "expense-claims-nightly",
         *           "trigger": "schedule",
         *           "slot": "2025-11-26T14:00:00.000Z",
         *           "state": "finished",
         *           "startedAt": "2025-11-26T14:00:00.120Z",
         *           "finishedAt": "2025-11-26T14:00:09.500Z",
         *           "error": null,
         *           "counts": {
         *             "considered": 3,
         *             "submitted": 2,
         *             "notMatched": 0,
         *             "waiting": 0,
         *             "excluded": {
         *               "red_reversed": 1
         *             }
         *           }
         *         }
         *       ],
         *       "nextCursor": null
         *     }
         */
        AutoEntryRunList: {
            items: components["schemas"]["AutoEntryRunSummary"][];
            nextCursor: string | null;
        };
        /**
         * @description running: selecting and submitting; waiting: its tasks work; finished: every task finished; skipped: the previous run was still going; failed: the process running it stopped (error)
         * @example finished
         * @enum {string}
         */
        AutoEntryRunState: "running" | "waiting" | "finished" | "skipped" | "failed";
        /**
         * @description A run without its tasks
         * @example {
         *       "id": "6f1d0c52-3b7a-4c1e-9d3f-0a2b4c6d8e10",
         *       "rule": "expense-claims-nightly",
         *       "trigger": "schedule",
         *       "slot": "2025-11-26T14:00:00.000Z",
         *       "state": "finished",
         *       "startedAt": "2025-11-26T14:00:00.120Z",
         *       "finishedAt": "2025-11-26T14:00:09.500Z",
         *       "error": null,
         *       "counts": {
         *         "considered": 3,
         *         "submitted": 2,
         *         "notMatched": 0,
         *         "waiting": 0,
         *         "excluded": {
         *           "red_reversed": 1
         *         }
         *       }
         *     }
         */
        AutoEntryRunSummary: {
            /** Format: uuid */
            id: string;
            rule: string;
            trigger: components["schemas"]["AutoEntryRunTrigger"];
            slot: string | null;
            state: components["schemas"]["AutoEntryRunState"];
            /** Format: date-time */
            startedAt: string;
            finishedAt: string | null;
            counts: components["schemas"]["AutoEntryRunCounts"];
            error: string | null;
        };
        /**
         * @description A task the run made, and its invoices by outcome
         * @example {
         *       "id": "0b5a1c6e-8f3d-4d2a-9c55-2f7e9a1b3c4d",
         *       "status": "completed",
         *       "invoiceCount": 2,
         *       "counts": {
         *         "pending": 0,
         *         "succeeded": 2,
         *         "failed": 0
         *       }
         *     }
         */
        AutoEntryRunTask: {
            /** Format: uuid */
            id: string;
            status: components["schemas"]["TaskStatus"];
            invoiceCount: number;
            counts: {
                pending: number;
                succeeded: number;
                failed: number;
            };
        };
        /**
         * @description schedule: a slot of the rule's schedule; catch_up: a slot missed while no gateway ran; manual: POST …/run
         * @example schedule
         * @enum {string}
         */
        AutoEntryRunTrigger: "schedule" | "catch_up" | "manual";
        /**
         * @description waiting: a rule takes it at its next run (or once `reasons` pass); not_matched: no rule takes it (reasons per rule); excluded: it may not be taken (reasons); submitted: in a task; recorded; failed (the vendor's reason); withdrawn
         * @example waiting
         * @enum {string}
         */
        AutoEntryStanding: "waiting" | "not_matched" | "excluded" | "submitted" | "recorded" | "failed" | "withdrawn";
        /**
         * @description A candidate as a PUT stored it, and where it stands now
         * @example {
         *       "taxNo": "914403007451947782",
         *       "invoiceNo": "25442000000123450001",
         *       "invoiceCode": "",
         *       "standing": "waiting",
         *       "rule": "expense-claims-nightly",
         *       "nextRunAt": "2025-11-26T14:00:00.000Z",
         *       "reasons": [
         *         "rule expense-claims-nightly takes it at its next run"
         *       ],
         *       "taskId": null,
         *       "created": true
         *     }
         */
        AutoEntryStoredCandidate: {
            taxNo: string;
            invoiceNo: string;
            invoiceCode: string;
            standing: components["schemas"]["AutoEntryStanding"];
            rule: string | null;
            nextRunAt: string | null;
            /** @description Why it stands so, in plain words */
            reasons: string[];
            /** @description For not_matched: each enabled rule and why it does not take the invoice */
            notMatchedBy?: {
                [key: string]: string[];
            };
            taskId: string | null;
            /** @description New, or an update of one handed over before */
            created: boolean;
        };
        /**
         * @description 目标入账状态: 02 已入账（企业所得税税前扣除）, 03 已入账（企业所得税不扣除）, 06 入账撤销
         * @example 02
         * @enum {string}
         */
        EntryMarkTarget: "02" | "03" | "06";
        /**
         * @description The latest 入账状态 the vendor reported for the invoice, every task that touched it, and the audit trail: its changes, and the attempts piaozone failed
         * @example {
         *       "taxNo": "914403007451947782",
         *       "invoiceNo": "23442000000164214335",
         *       "invoiceCode": "",
         *       "entryMarkStatus": "02",
         *       "entryMarkLabel": "已入账（企业所得税税前扣除）",
         *       "recorded": true,
         *       "redReversal": "Recorded: the seller can no longer red-reverse (红冲) it alone; the buyer must confirm the 红字发票信息确认单.",
         *       "pendingTaskId": null,
         *       "history": [
         *         {
         *           "taskId": "7d2f4e1a-3b6c-4f8e-a1d2-5c9b8e7f6a30",
         *           "nextEntryMarkStatus": "02",
         *           "outcome": "failed",
         *           "preEntryMarkStatus": null,
         *           "entryMarkStatus": "02",
         *           "failReason": "发票当前入账状态为02，不能变更为02",
         *           "updatedAt": "2025-11-27T09:30:02.000Z"
         *         },
         *         {
         *           "taskId": "0b5a1c6e-8f3d-4d2a-9c55-2f7e9a1b3c4d",
         *           "nextEntryMarkStatus": "02",
         *           "outcome": "succeeded",
         *           "preEntryMarkStatus": "01",
         *           "entryMarkStatus": "02",
         *           "failReason": null,
         *           "updatedAt": "2025-11-26T08:00:03.000Z"
         *         }
         *       ],
         *       "changes": [
         *         {
         *           "fromStatus": "01",
         *           "toStatus": "02",
         *           "at": "2025-11-26T08:00:03.000Z",
         *           "taskId": "0b5a1c6e-8f3d-4d2a-9c55-2f7e9a1b3c4d",
         *           "vendorTaskNo": "RZ1764136800000000001",
         *           "operator": "zhang.san",
         *           "reason": null
         *         }
         *       ],
         *       "attempts": [
         *         {
         *           "taskId": "7d2f4e1a-3b6c-4f8e-a1d2-5c9b8e7f6a30",
         *           "vendorTaskNo": "RZ1764235800000000007",
         *           "at": "2025-11-27T09:30:02.000Z",
         *           "nextEntryMarkStatus": "02",
         *           "outcome": "failed",
         *           "failReason": "发票当前入账状态为02，不能变更为02",
         *           "operator": "li.si",
         *           "reason": null
         *         }
         *       ]
         *     }
         */
        EntryStatus: {
            taxNo: string;
            invoiceNo: string;
            invoiceCode: string;
            entryMarkStatus: string | null;
            entryMarkLabel: string | null;
            /** @description true when 02 or 03 */
            recorded: boolean;
            /** @description What the status means for the seller red-reversing (红冲) the invoice */
            redReversal: string;
            pendingTaskId: string | null;
            /** @description Newest first */
            history: components["schemas"]["EntryStatusTask"][];
            /** @description Every change of its 入账状态 piaozone confirmed to your tasks (the invoice succeeded), newest first; append-only, nothing can change it */
            changes: components["schemas"]["EntryStatusChange"][];
            /** @description Every attempt of your tasks that piaozone failed, newest first: asked for, not done, so never among changes */
            attempts: components["schemas"]["EntryStatusAttempt"][];
        };
        /** @description An attempt piaozone failed */
        EntryStatusAttempt: {
            taskId: string;
            vendorTaskNo: string | null;
            /**
             * Format: date-time
             * @description When the gateway learnt of the failure
             */
            at: string;
            /** @description The status asked for */
            nextEntryMarkStatus: string;
            /** @enum {string} */
            outcome: "failed";
            failReason: string | null;
            operator: string | null;
            reason: string | null;
        };
        /** @description A change of the invoice's 入账状态 piaozone confirmed */
        EntryStatusChange: {
            fromStatus: string | null;
            toStatus: string;
            /**
             * Format: date-time
             * @description When the gateway learnt of the change
             */
            at: string;
            taskId: string;
            vendorTaskNo: string | null;
            operator: string | null;
            reason: string | null;
        };
        /** @description A task that held the invoice, and its outcome there */
        EntryStatusTask: {
            taskId: string;
            nextEntryMarkStatus: string;
            outcome: components["schemas"]["InvoiceOutcome"];
            preEntryMarkStatus: string | null;
            entryMarkStatus: string | null;
            failReason: string | null;
            /** Format: date-time */
            updatedAt: string;
        };
        /**
         * @description The month-end summary of one tax number
         * @example {
         *       "taxNo": "914403007451947782",
         *       "recordedPeriod": "202511",
         *       "total": 1204,
         *       "byTarget": [
         *         {
         *           "nextEntryMarkStatus": "02",
         *           "pending": 0,
         *           "succeeded": 1190,
         *           "failed": 12
         *         },
         *         {
         *           "nextEntryMarkStatus": "06",
         *           "pending": 2,
         *           "succeeded": 0,
         *           "failed": 0
         *         }
         *       ],
         *       "failures": [
         *         {
         *           "failReason": "发票当前入账状态为02，不能变更为02",
         *           "count": 9
         *         },
         *         {
         *           "failReason": "发票不存在",
         *           "count": 3
         *         }
         *       ]
         *     }
         */
        EntrySummary: {
            taxNo: string;
            recordedPeriod: string;
            /** @description Invoices of the period, each in its latest known state */
            total: number;
            /** @description By the target 入账状态 of each invoice's latest task, and its outcome */
            byTarget: {
                nextEntryMarkStatus: string;
                pending: number;
                succeeded: number;
                failed: number;
            }[];
            /** @description Failed invoices by reason, most first */
            failures: {
                /** @description The vendor's reason, verbatim */
                failReason: string;
                count: number;
            }[];
        };
        /** @description Every error has this shape */
        ErrorBody: {
            statusCode: number;
            /** @description Stable error code */
            code: string;
            message: string;
            requestId?: string;
            details?: components["schemas"]["FieldProblem"][];
            vendor?: components["schemas"]["VendorAnswer"];
            taskId?: string;
        };
        FieldProblem: {
            /** @description Where: a body path such as invoices[0].invoiceNo, a query parameter, or header <name> */
            field: string;
            /** @description The rule, in plain words */
            rule: string;
        };
        InvoiceInput: {
            /**
             * @description Your line id; generated when absent
             * @example 3388296ca4d147f1b4ffe114412493a00
             */
            serialNo?: string;
            /**
             * @description 20 digits for 数电 invoices; 8 digits for legacy ones
             * @example 23442000000164214335
             */
            invoiceNo: string;
            /**
             * @description Empty for 数电 invoices; 10 or 12 digits for legacy ones
             * @example
             */
            invoiceCode?: string;
            /**
             * @description 入账时间, yyyyMMdd, not in the future
             * @example 20251126
             */
            recordedTime: string;
            /**
             * @description 入账期间, yyyyMM or yyyyMMdd (the guide uses yyyyMMdd)
             * @example 20251126
             */
            recordedPeriod: string;
        };
        /**
         * @description A page of your invoices in their latest known state, by tax number and invoice number
         * @example {
         *       "items": [
         *         {
         *           "taxNo": "914403007451947782",
         *           "invoiceNo": "23442000000164214335",
         *           "invoiceCode": "",
         *           "outcome": "succeeded",
         *           "entryMarkStatus": "02",
         *           "entryMarkLabel": "已入账（企业所得税税前扣除）",
         *           "recorded": true,
         *           "failReason": null,
         *           "recordedTime": "20251126",
         *           "recordedPeriod": "202511",
         *           "taskId": "0b5a1c6e-8f3d-4d2a-9c55-2f7e9a1b3c4d",
         *           "taskStatus": "completed",
         *           "reference": "AP-2025-0042",
         *           "nextEntryMarkStatus": "02",
         *           "submittedAt": "2025-11-26T08:00:00.000Z",
         *           "updatedAt": "2025-11-26T08:00:03.000Z"
         *         }
         *       ],
         *       "nextCursor": null
         *     }
         */
        InvoiceList: {
            items: components["schemas"]["InvoiceState"][];
            nextCursor: string | null;
        };
        /**
         * @description pending: the vendor has not answered for it yet; succeeded: piaozone set the target 入账状态; failed: piaozone refused it (failReason says why)
         * @example succeeded
         * @enum {string}
         */
        InvoiceOutcome: "pending" | "succeeded" | "failed";
        /**
         * @description An invoice you have sent, in its latest known state: as its latest task left it, with the latest 入账状态 the vendor reported
         * @example {
         *       "taxNo": "914403007451947782",
         *       "invoiceNo": "23442000000164214335",
         *       "invoiceCode": "",
         *       "outcome": "succeeded",
         *       "entryMarkStatus": "02",
         *       "entryMarkLabel": "已入账（企业所得税税前扣除）",
         *       "recorded": true,
         *       "failReason": null,
         *       "recordedTime": "20251126",
         *       "recordedPeriod": "202511",
         *       "taskId": "0b5a1c6e-8f3d-4d2a-9c55-2f7e9a1b3c4d",
         *       "taskStatus": "completed",
         *       "reference": "AP-2025-0042",
         *       "nextEntryMarkStatus": "02",
         *       "submittedAt": "2025-11-26T08:00:00.000Z",
         *       "updatedAt": "2025-11-26T08:00:03.000Z"
         *     }
         */
        InvoiceState: {
            taxNo: string;
            invoiceNo: string;
            invoiceCode: string;
            outcome: components["schemas"]["InvoiceOutcome"];
            entryMarkStatus: string | null;
            entryMarkLabel: string | null;
            /** @description true when 02 or 03 */
            recorded: boolean;
            failReason: string | null;
            recordedTime: string;
            recordedPeriod: string;
            /** @description The latest task that held it */
            taskId: string;
            taskStatus: components["schemas"]["TaskStatus"];
            reference: string | null;
            nextEntryMarkStatus: string;
            /** Format: date-time */
            submittedAt: string;
            /** Format: date-time */
            updatedAt: string;
        };
        /**
         * @description The task with every invoice and its outcome so far
         * @example {
         *       "id": "0b5a1c6e-8f3d-4d2a-9c55-2f7e9a1b3c4d",
         *       "status": "completed",
         *       "taxNo": "914403007451947782",
         *       "nextEntryMarkStatus": "02",
         *       "reference": "AP-2025-0042",
         *       "requestId": "req-1",
         *       "counts": {
         *         "total": 1,
         *         "pending": 0,
         *         "succeeded": 1,
         *         "failed": 0
         *       },
         *       "vendorTaskNos": [
         *         "RZ1764136800000000001"
         *       ],
         *       "error": null,
         *       "retryOf": null,
         *       "operator": "zhang.san",
         *       "reason": null,
         *       "createdAt": "2025-11-26T08:00:00.000Z",
         *       "updatedAt": "2025-11-26T08:00:03.000Z",
         *       "finishedAt": "2025-11-26T08:00:03.000Z",
         *       "retries": [],
         *       "invoices": [
         *         {
         *           "index": 0,
         *           "serialNo": "3388296ca4d147f1b4ffe114412493a00",
         *           "invoiceNo": "23442000000164214335",
         *           "invoiceCode": "",
         *           "recordedTime": "20251126",
         *           "recordedPeriod": "20251126",
         *           "outcome": "succeeded",
         *           "preEntryMarkStatus": "01",
         *           "entryMarkStatus": "02",
         *           "failReason": null,
         *           "invoiceType": "27",
         *           "invoiceDate": "20251120",
         *           "etaxInvoiceNo": "23442000000164214335"
         *         }
         *       ]
         *     }
         */
        RecordingTask: {
            /** Format: uuid */
            id: string;
            status: components["schemas"]["TaskStatus"];
            taxNo: string;
            nextEntryMarkStatus: components["schemas"]["EntryMarkTarget"];
            reference: string | null;
            requestId: string | null;
            counts: components["schemas"]["TaskCounts"];
            /** @description piaozone task numbers, one per vendor batch submitted */
            vendorTaskNos: string[];
            error: components["schemas"]["TaskError"] | null;
            retryOf: string | null;
            operator: string | null;
            reason: string | null;
            /** Format: date-time */
            createdAt: string;
            /** Format: date-time */
            updatedAt: string;
            finishedAt: string | null;
            /** @description Tasks made by POST …/retry-failed from this one, oldest first */
            retries: string[];
            /** @description true when an Idempotency-Key replay returned an existing task */
            replayed?: boolean;
            invoices: components["schemas"]["TaskInvoice"][];
        };
        /**
         * @description A task entered a status you are told of
         * @example {
         *       "type": "recording_task.finished",
         *       "timestamp": "2025-11-26T08:00:03.000Z",
         *       "data": {
         *         "id": "0b5a1c6e-8f3d-4d2a-9c55-2f7e9a1b3c4d",
         *         "reference": "AP-2025-0042",
         *         "taxNo": "914403007451947782",
         *         "nextEntryMarkStatus": "02",
         *         "status": "completed",
         *         "invoiceCount": 1,
         *         "counts": {
         *           "pending": 0,
         *           "succeeded": 1,
         *           "failed": 0
         *         },
         *         "error": null,
         *         "createdAt": "2025-11-26T08:00:00.000Z",
         *         "finishedAt": "2025-11-26T08:00:03.000Z",
         *         "href": "/v1/recording-tasks/0b5a1c6e-8f3d-4d2a-9c55-2f7e9a1b3c4d"
         *       }
         *     }
         */
        RecordingTaskEvent: {
            /**
             * @description recording_task.finished: completed, partially_failed or failed; the others: the task entered that status
             * @enum {string}
             */
            type: "recording_task.finished" | "recording_task.waiting_tax_login" | "recording_task.stalled";
            /**
             * Format: date-time
             * @description When the change happened
             */
            timestamp: string;
            data: {
                /**
                 * Format: uuid
                 * @description The task
                 */
                id: string;
                reference: string | null;
                taxNo: string;
                nextEntryMarkStatus: string;
                status: components["schemas"]["TaskStatus"];
                invoiceCount: number;
                counts: {
                    pending: number;
                    succeeded: number;
                    failed: number;
                };
                error: components["schemas"]["TaskError"] | null;
                /** Format: date-time */
                createdAt: string;
                finishedAt: string | null;
                /** @description The full task: GET it with your API key */
                href: string;
            };
        };
        /**
         * @description A page of tasks, newest first
         * @example {
         *       "items": [
         *         {
         *           "id": "0b5a1c6e-8f3d-4d2a-9c55-2f7e9a1b3c4d",
         *           "status": "completed",
         *           "taxNo": "914403007451947782",
         *           "nextEntryMarkStatus": "02",
         *           "reference": "AP-2025-0042",
         *           "requestId": "req-1",
         *           "counts": {
         *             "total": 1,
         *             "pending": 0,
         *             "succeeded": 1,
         *             "failed": 0
         *           },
         *           "vendorTaskNos": [
         *             "RZ1764136800000000001"
         *           ],
         *           "error": null,
         *           "retryOf": null,
         *           "operator": "zhang.san",
         *           "reason": null,
         *           "createdAt": "2025-11-26T08:00:00.000Z",
         *           "updatedAt": "2025-11-26T08:00:03.000Z",
         *           "finishedAt": "2025-11-26T08:00:03.000Z"
         *         }
         *       ],
         *       "nextCursor": null
         *     }
         */
        RecordingTaskList: {
            items: components["schemas"]["RecordingTaskSummary"][];
            nextCursor: string | null;
        };
        /**
         * @description A task without its invoices
         * @example {
         *       "id": "0b5a1c6e-8f3d-4d2a-9c55-2f7e9a1b3c4d",
         *       "status": "completed",
         *       "taxNo": "914403007451947782",
         *       "nextEntryMarkStatus": "02",
         *       "reference": "AP-2025-0042",
         *       "requestId": "req-1",
         *       "counts": {
         *         "total": 1,
         *         "pending": 0,
         *         "succeeded": 1,
         *         "failed": 0
         *       },
         *       "vendorTaskNos": [
         *         "RZ1764136800000000001"
         *       ],
         *       "error": null,
         *       "retryOf": null,
         *       "operator": "zhang.san",
         *       "reason": null,
         *       "createdAt": "2025-11-26T08:00:00.000Z",
         *       "updatedAt": "2025-11-26T08:00:03.000Z",
         *       "finishedAt": "2025-11-26T08:00:03.000Z"
         *     }
         */
        RecordingTaskSummary: {
            /** Format: uuid */
            id: string;
            status: components["schemas"]["TaskStatus"];
            taxNo: string;
            nextEntryMarkStatus: components["schemas"]["EntryMarkTarget"];
            reference: string | null;
            requestId: string | null;
            counts: components["schemas"]["TaskCounts"];
            /** @description piaozone task numbers, one per vendor batch submitted */
            vendorTaskNos: string[];
            error: components["schemas"]["TaskError"] | null;
            retryOf: string | null;
            operator: string | null;
            reason: string | null;
            /** Format: date-time */
            createdAt: string;
            /** Format: date-time */
            updatedAt: string;
            finishedAt: string | null;
        };
        /**
         * @example {
         *       "taxNo": "914403007451947782",
         *       "nextEntryMarkStatus": "02",
         *       "reference": "AP-2025-0042",
         *       "invoices": [
         *         {
         *           "serialNo": "3388296ca4d147f1b4ffe114412493a00",
         *           "invoiceNo": "23442000000164214335",
         *           "invoiceCode": "",
         *           "recordedTime": "20251126",
         *           "recordedPeriod": "20251126"
         *         }
         *       ]
         *     }
         */
        SubmitRequest: {
            /**
             * @description 购方纳税人识别号 (统一社会信用代码 or an older taxpayer id)
             * @example 914403007451947782
             */
            taxNo: string;
            nextEntryMarkStatus: components["schemas"]["EntryMarkTarget"];
            /**
             * @description Your document number, for finding the task later (no control characters)
             * @example AP-2025-0042
             */
            reference?: string;
            /**
             * @description Who in the ERP asked for this change; kept in the invoices' entry-status history
             * @example zhang.san
             */
            operator?: string;
            /**
             * @description Why; required when nextEntryMarkStatus is 06 (入账撤销). Kept in the entry-status history
             * @example 凭证冲销，发票退回供应商
             */
            reason?: string;
            /** @description 1 to 1000 invoices; split into vendor batches of PIAOZONE_BATCH_SIZE */
            invoices: components["schemas"]["InvoiceInput"][];
        };
        /** @description The task's invoices by outcome */
        TaskCounts: {
            total: number;
            pending: number;
            succeeded: number;
            failed: number;
        };
        /** @description The last problem; for vendor refusals the vendor's own code and Chinese message beside ours */
        TaskError: {
            /**
             * @description UPSTREAM_REJECTED: the vendor will not act (final code); UPSTREAM_RETRYING: the vendor refused or was busy, the gateway tries again; UPSTREAM_UNAVAILABLE / UPSTREAM_PROTOCOL: unreachable or garbled, trying again; UPSTREAM_AUTH: piaozone refused the gateway's credentials (operator); TAX_SESSION_GONE / TAX_LOGIN_REQUIRED: waiting for the tax-bureau login; VENDOR_TASK_NOT_FOUND: piaozone does not show a task it created (operator), the invoices stay pending; ALL_INVOICES_REFUSED: the vendor refused each invoice, see failReason
             * @example UPSTREAM_REJECTED
             */
            code: string;
            message: string;
            /** @example 2002 */
            vendorCode?: string;
            /** @example 该组织的收票通道不支持税局入账操作 */
            vendorMessage?: string;
            loginWebUrl?: string;
        };
        /** @description One invoice of a task and its outcome */
        TaskInvoice: {
            /** @description Position in the submitted list */
            index: number;
            serialNo: string | null;
            invoiceNo: string;
            invoiceCode: string;
            recordedTime: string;
            recordedPeriod: string;
            outcome: components["schemas"]["InvoiceOutcome"];
            preEntryMarkStatus: string | null;
            entryMarkStatus: string | null;
            failReason: string | null;
            invoiceType: string | null;
            invoiceDate: string | null;
            etaxInvoiceNo: string | null;
        };
        /**
         * @description accepted: stored, not sent yet; submitted: sent, the outcome is being polled; waiting_tax_login: waiting for the tax-bureau login; stalled: no progress for a long time (POST …/resume); completed, partially_failed, failed, cancelled: final. docs/DESIGN.md explains each status
         * @example completed
         * @enum {string}
         */
        TaskStatus: "accepted" | "submitted" | "waiting_tax_login" | "stalled" | "completed" | "partially_failed" | "failed" | "cancelled";
        /**
         * @example {
         *       "taxNo": "914403007451947782"
         *     }
         */
        TaxLoginRequest: {
            /**
             * @description 购方纳税人识别号 (统一社会信用代码 or an older taxpayer id)
             * @example 914403007451947782
             */
            taxNo: string;
        };
        /**
         * @description What piaozone said of the tax-bureau session
         * @example {
         *       "taxNo": "914403007451947782",
         *       "needAuth": false,
         *       "loginWebUrl": null,
         *       "loginType": "1",
         *       "companyName": "深圳市示例科技有限公司",
         *       "resumedTasks": 0
         *     }
         */
        TaxLoginResult: {
            taxNo: string;
            /** @description true: a person must finish an SMS/face/QR step at loginWebUrl */
            needAuth: boolean;
            loginWebUrl: string | null;
            loginType: string | null;
            companyName: string | null;
            /** @description Tasks waiting for this login that resume now */
            resumedTasks: number;
        };
        /**
         * @description A tax number you may use, its piaozone account and its tax-bureau session
         * @example {
         *       "taxNo": "914403007451947782",
         *       "account": "default",
         *       "session": {
         *         "state": "ok",
         *         "checkedAt": "2025-11-26T08:00:00.000Z",
         *         "loginWebUrl": null,
         *         "vendorCode": null,
         *         "vendorMessage": null
         *       },
         *       "unfinishedTasks": 2,
         *       "waitingTasks": 0
         *     }
         */
        TaxNumber: {
            taxNo: string;
            account: string | null;
            session: components["schemas"]["TaxSession"];
            /** @description Your tasks of this tax number not finished yet */
            unfinishedTasks: number;
            /** @description Of those, waiting for the tax-bureau login */
            waitingTasks: number;
        };
        /**
         * @description What the check found
         * @example {
         *       "taxNo": "914403007451947782",
         *       "account": "default",
         *       "ready": false,
         *       "problems": [
         *         {
         *           "code": "TAX_LOGIN_REQUIRED",
         *           "message": "a person must finish the tax-bureau login (SMS, face or QR) at https://etax.example/login, then check again"
         *         }
         *       ],
         *       "session": {
         *         "state": "interactive",
         *         "checkedAt": "2025-11-26T08:00:00.000Z",
         *         "loginWebUrl": "https://etax.example/login",
         *         "vendorCode": null,
         *         "vendorMessage": null
         *       },
         *       "etaxAccounts": {
         *         "checked": true,
         *         "accounts": [
         *           {
         *             "etaxAccount": "13800007782",
         *             "etaxAccountType": "3",
         *             "defaultFlag": "1",
         *             "defaultType": "3"
         *           }
         *         ],
         *         "note": null
         *       },
         *       "resumedTasks": 0
         *     }
         */
        TaxNumberCheck: {
            taxNo: string;
            account: string | null;
            /** @description Nothing known stops 入账 for this tax number: the session is alive and (where piaozone offers the check) its default e-tax account has 收票 rights */
            ready: boolean;
            /** @description Each thing that stops it; empty when ready */
            problems: components["schemas"]["TaxNumberProblem"][];
            session: components["schemas"]["TaxSession"];
            /** @description The tax number's e-tax (电子税局) accounts in 发票云 (设置类 3.4) */
            etaxAccounts: {
                /** @description false: piaozone does not offer ALLE.ACCOUNT.CHECK to this account, or could not be reached (note says which) */
                checked: boolean;
                accounts: {
                    /** @description The e-tax login account */
                    etaxAccount: string;
                    /** @description 税局权限: 1 开票, 2 收票, 3 开票+收票, 4 neither */
                    etaxAccountType: string;
                    /** @description 1: the default account */
                    defaultFlag: string;
                    /** @description 默认业务: 0 none, 1 开票, 2 收票, 3 开票+收票 */
                    defaultType: string;
                }[];
                note: string | null;
            };
            /** @description Tasks that were waiting for the login and are due again now */
            resumedTasks: number;
        };
        /**
         * @description The tax numbers you may use: those granted to you, or, if you may use any, those you have used
         * @example {
         *       "items": [
         *         {
         *           "taxNo": "914403007451947782",
         *           "account": "default",
         *           "session": {
         *             "state": "ok",
         *             "checkedAt": "2025-11-26T08:00:00.000Z",
         *             "loginWebUrl": null,
         *             "vendorCode": null,
         *             "vendorMessage": null
         *           },
         *           "unfinishedTasks": 2,
         *           "waitingTasks": 0
         *         }
         *       ]
         *     }
         */
        TaxNumberList: {
            items: components["schemas"]["TaxNumber"][];
        };
        /** @description A thing that stops 入账 for the tax number, and what to do */
        TaxNumberProblem: {
            /** @description TAX_LOGIN_REQUIRED, TAX_SESSION_GONE, NO_ETAX_ACCOUNT, NO_DEFAULT_ETAX_ACCOUNT, ETAX_ACCOUNT_CANNOT_RECEIVE, VENDOR_REFUSED, UPSTREAM_AUTH, UPSTREAM_UNAVAILABLE */
            code: string;
            /** @description What is wrong and what to do, in plain words */
            message: string;
            vendorCode?: string;
            /** @description The vendor's words, verbatim */
            vendorMessage?: string;
        };
        /**
         * @description The tax-bureau session of a tax number you may use was fine and is not any more: its tasks wait until it is back
         * @example {
         *       "type": "tax_number.session_lost",
         *       "timestamp": "2025-11-26T09:15:00.000Z",
         *       "data": {
         *         "taxNo": "914403007451947782",
         *         "account": "default",
         *         "state": "needs_login",
         *         "loginWebUrl": null,
         *         "vendorCode": "0301",
         *         "vendorMessage": "税局登录已失效，请重新登录",
         *         "checkedAt": "2025-11-26T09:15:00.000Z",
         *         "href": "/v1/tax-numbers"
         *       }
         *     }
         */
        TaxNumberSessionLostEvent: {
            /** @enum {string} */
            type: "tax_number.session_lost";
            /**
             * Format: date-time
             * @description When the gateway learnt it
             */
            timestamp: string;
            data: {
                taxNo: string;
                account: string | null;
                /**
                 * @description needs_login: piaozone said the session is gone; interactive: a person must finish the login at loginWebUrl
                 * @enum {string}
                 */
                state: "needs_login" | "interactive";
                loginWebUrl: string | null;
                vendorCode: string | null;
                vendorMessage: string | null;
                /** Format: date-time */
                checkedAt: string;
                /** @description GET it for every tax number's state; POST /v1/tax-numbers/{taxNo}/check once someone has logged in */
                href: string;
            };
        };
        /** @description The tax-bureau (电子税局) session as the gateway last saw it */
        TaxSession: {
            /**
             * @description unknown: never checked; ok: alive at checkedAt; needs_login: piaozone said it is gone; interactive: a person must finish the login at loginWebUrl
             * @enum {string}
             */
            state: "unknown" | "ok" | "needs_login" | "interactive";
            checkedAt: string | null;
            loginWebUrl: string | null;
            vendorCode: string | null;
            vendorMessage: string | null;
        };
        /** @description The vendor's own answer, verbatim */
        VendorAnswer: {
            errorCode: string;
            message: string;
        };
        /**
         * @description One event for your endpoint and how its delivery went
         * @example {
         *       "id": "msg_0f6c2b1e9a4d4c7e8b5a3d2c1e0f9a8b",
         *       "type": "recording_task.finished",
         *       "taskId": "0b5a1c6e-8f3d-4d2a-9c55-2f7e9a1b3c4d",
         *       "taxNo": "914403007451947782",
         *       "state": "delivered",
         *       "attempts": 2,
         *       "lastAttemptAt": "2025-11-26T08:00:08.000Z",
         *       "lastStatus": 200,
         *       "lastError": null,
         *       "nextAttemptAt": null,
         *       "deliveredAt": "2025-11-26T08:00:08.000Z",
         *       "createdAt": "2025-11-26T08:00:03.000Z",
         *       "event": {
         *         "type": "recording_task.finished",
         *         "timestamp": "2025-11-26T08:00:03.000Z",
         *         "data": {
         *           "id": "0b5a1c6e-8f3d-4d2a-9c55-2f7e9a1b3c4d",
         *           "reference": "AP-2025-0042",
         *           "taxNo": "914403007451947782",
         *           "nextEntryMarkStatus": "02",
         *           "status": "completed",
         *           "invoiceCount": 1,
         *           "counts": {
         *             "pending": 0,
         *             "succeeded": 1,
         *             "failed": 0
         *           },
         *           "error": null,
         *           "createdAt": "2025-11-26T08:00:00.000Z",
         *           "finishedAt": "2025-11-26T08:00:03.000Z",
         *           "href": "/v1/recording-tasks/0b5a1c6e-8f3d-4d2a-9c55-2f7e9a1b3c4d"
         *         }
         *       }
         *     }
         */
        WebhookDelivery: {
            /** @description The webhook-id header: the same on every try and redelivery; deduplicate on it */
            id: string;
            type: string;
            taskId: string | null;
            taxNo: string | null;
            state: components["schemas"]["WebhookDeliveryState"];
            /** @description Tries so far */
            attempts: number;
            lastAttemptAt: string | null;
            lastStatus: number | null;
            lastError: string | null;
            nextAttemptAt: string | null;
            deliveredAt: string | null;
            /** Format: date-time */
            createdAt: string;
            event: components["schemas"]["WebhookEvent"];
        };
        /**
         * @description Your webhook deliveries, newest first
         * @example {
         *       "items": [
         *         {
         *           "id": "msg_0f6c2b1e9a4d4c7e8b5a3d2c1e0f9a8b",
         *           "type": "recording_task.finished",
         *           "taskId": "0b5a1c6e-8f3d-4d2a-9c55-2f7e9a1b3c4d",
         *           "taxNo": "914403007451947782",
         *           "state": "delivered",
         *           "attempts": 2,
         *           "lastAttemptAt": "2025-11-26T08:00:08.000Z",
         *           "lastStatus": 200,
         *           "lastError": null,
         *           "nextAttemptAt": null,
         *           "deliveredAt": "2025-11-26T08:00:08.000Z",
         *           "createdAt": "2025-11-26T08:00:03.000Z",
         *           "event": {
         *             "type": "recording_task.finished",
         *             "timestamp": "2025-11-26T08:00:03.000Z",
         *             "data": {
         *               "id": "0b5a1c6e-8f3d-4d2a-9c55-2f7e9a1b3c4d",
         *               "reference": "AP-2025-0042",
         *               "taxNo": "914403007451947782",
         *               "nextEntryMarkStatus": "02",
         *               "status": "completed",
         *               "invoiceCount": 1,
         *               "counts": {
         *                 "pending": 0,
         *                 "succeeded": 1,
         *                 "failed": 0
         *               },
         *               "error": null,
         *               "createdAt": "2025-11-26T08:00:00.000Z",
         *               "finishedAt": "2025-11-26T08:00:03.000Z",
         *               "href": "/v1/recording-tasks/0b5a1c6e-8f3d-4d2a-9c55-2f7e9a1b3c4d"
         *             }
         *           }
         *         }
         *       ],
         *       "nextCursor": null
         *     }
         */
        WebhookDeliveryList: {
            items: components["schemas"]["WebhookDelivery"][];
            nextCursor: string | null;
        };
        /**
         * @description pending: tried again at nextAttemptAt; failed: given up after WEBHOOK_RETRY_FOR_MS
         * @example failed
         * @enum {string}
         */
        WebhookDeliveryState: "pending" | "delivered" | "failed";
        /**
         * @description A webhook event as your endpoint receives it
         * @example {
         *       "type": "recording_task.finished",
         *       "timestamp": "2025-11-26T08:00:03.000Z",
         *       "data": {
         *         "id": "0b5a1c6e-8f3d-4d2a-9c55-2f7e9a1b3c4d",
         *         "reference": "AP-2025-0042",
         *         "taxNo": "914403007451947782",
         *         "nextEntryMarkStatus": "02",
         *         "status": "completed",
         *         "invoiceCount": 1,
         *         "counts": {
         *           "pending": 0,
         *           "succeeded": 1,
         *           "failed": 0
         *         },
         *         "error": null,
         *         "createdAt": "2025-11-26T08:00:00.000Z",
         *         "finishedAt": "2025-11-26T08:00:03.000Z",
         *         "href": "/v1/recording-tasks/0b5a1c6e-8f3d-4d2a-9c55-2f7e9a1b3c4d"
         *       }
         *     }
         */
        WebhookEvent: components["schemas"]["RecordingTaskEvent"] | components["schemas"]["TaxNumberSessionLostEvent"] | components["schemas"]["AutoEntryRunFinishedEvent"];
    };
    responses: never;
    parameters: never;
    requestBodies: never;
    headers: never;
    pathItems: never;
}
export type $defs = Record<string, never>;
export interface operations {
    live: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The process is up */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "status": "ok",
                     *       "version": "0.1.0",
                     *       "commit": "a1b2c3d"
                     *     }
                     */
                    "application/json": {
                        /** @enum {string} */
                        status: "ok";
                        version: string;
                        commit: string;
                    };
                };
            };
        };
    };
    ready: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Every check passed */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "status": "ready",
                     *       "version": "0.1.0",
                     *       "commit": "a1b2c3d",
                     *       "checks": {
                     *         "database": {
                     *           "ok": true,
                     *           "detail": "reachable"
                     *         },
                     *         "migrations": {
                     *           "ok": true,
                     *           "detail": "4 applied"
                     *         },
                     *         "worker": {
                     *           "ok": true,
                     *           "detail": "running"
                     *         },
                     *         "piaozone": {
                     *           "ok": true,
                     *           "detail": "default: app token and login accepted"
                     *         }
                     *       }
                     *     }
                     */
                    "application/json": {
                        status: "ready" | "not_ready";
                        version: string;
                        commit: string;
                        checks: {
                            database: {
                                ok: boolean;
                                detail: string;
                            };
                            migrations: {
                                ok: boolean;
                                detail: string;
                            };
                            worker: {
                                ok: boolean;
                                detail: string;
                            };
                            piaozone?: {
                                ok: boolean;
                                detail: string;
                            };
                        };
                    };
                };
            };
            /** @description Too many requests from this client; wait for Retry-After seconds */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 429,
                     *       "requestId": "req-1",
                     *       "code": "RATE_LIMITED",
                     *       "message": "rate limit of 600 requests per window exceeded; retry after 1 minute"
                     *     }
                     */
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description A check failed; checks says which */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "status": "ready",
                     *       "version": "0.1.0",
                     *       "commit": "a1b2c3d",
                     *       "checks": {
                     *         "database": {
                     *           "ok": true,
                     *           "detail": "reachable"
                     *         },
                     *         "migrations": {
                     *           "ok": true,
                     *           "detail": "4 applied"
                     *         },
                     *         "worker": {
                     *           "ok": true,
                     *           "detail": "running"
                     *         },
                     *         "piaozone": {
                     *           "ok": true,
                     *           "detail": "default: app token and login accepted"
                     *         }
                     *       }
                     *     }
                     */
                    "application/json": {
                        status: "ready" | "not_ready";
                        version: string;
                        commit: string;
                        checks: {
                            database: {
                                ok: boolean;
                                detail: string;
                            };
                            migrations: {
                                ok: boolean;
                                detail: string;
                            };
                            worker: {
                                ok: boolean;
                                detail: string;
                            };
                            piaozone?: {
                                ok: boolean;
                                detail: string;
                            };
                        };
                    };
                };
            };
        };
    };
    listRecordingTasks: {
        parameters: {
            query?: {
                /**
                 * @description 购方纳税人识别号 (15–20 digits and upper-case letters)
                 * @example 914403007451947782
                 */
                taxNo?: string;
                status?: components["schemas"]["TaskStatus"];
                /** @example AP-2025-0042 */
                reference?: string;
                /**
                 * @description Created at or after (ISO 8601)
                 * @example 2025-11-01T00:00:00Z
                 */
                createdFrom?: string;
                /**
                 * @description Created before (ISO 8601)
                 * @example 2025-12-01T00:00:00Z
                 */
                createdTo?: string;
                /** @example 50 */
                limit?: number;
                /**
                 * @description nextCursor of the previous page
                 * @example MjAyNS0xMS0yNlQwODowMDowMC4wMDBafDBiNWExYzZlLThmM2QtNGQyYS05YzU1LTJmN2U5YTFiM2M0ZA
                 */
                cursor?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A page of tasks, newest first */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "items": [
                     *         {
                     *           "id": "0b5a1c6e-8f3d-4d2a-9c55-2f7e9a1b3c4d",
                     *           "status": "completed",
                     *           "taxNo": "914403007451947782",
                     *           "nextEntryMarkStatus": "02",
                     *           "reference": "AP-2025-0042",
                     *           "requestId": "req-1",
                     *           "counts": {
                     *             "total": 1,
                     *             "pending": 0,
                     *             "succeeded": 1,
                     *             "failed": 0
                     *           },
                     *           "vendorTaskNos": [
                     *             "RZ1764136800000000001"
                     *           ],
                     *           "error": null,
                     *           "retryOf": null,
                     *           "operator": "zhang.san",
                     *           "reason": null,
                     *           "createdAt": "2025-11-26T08:00:00.000Z",
                     *           "updatedAt": "2025-11-26T08:00:03.000Z",
                     *           "finishedAt": "2025-11-26T08:00:03.000Z"
                     *         }
                     *       ],
                     *       "nextCursor": null
                     *     }
                     */
                    "application/json": components["schemas"]["RecordingTaskList"];
                };
            };
            /** @description The request breaks a rule: message names the first problem and how many more there are; details lists them (at most 100), each with its field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 400,
                     *       "requestId": "req-1",
                     *       "code": "VALIDATION_FAILED",
                     *       "message": "invoices[0].invoiceNo: must be 20 digits (数电) or 8 digits (legacy, with invoiceCode)",
                     *       "details": [
                     *         {
                     *           "field": "invoices[0].invoiceNo",
                     *           "rule": "must be 20 digits (数电) or 8 digits (legacy, with invoiceCode)"
                     *         }
                     *       ]
                     *     }
                     */
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description No API key, or an unknown or revoked one (Authorization: Bearer rzk_…) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 401,
                     *       "requestId": "req-1",
                     *       "code": "UNAUTHORIZED",
                     *       "message": "the API key is unknown or revoked"
                     *     }
                     */
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description This client may not act for that tax number */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 403,
                     *       "requestId": "req-1",
                     *       "code": "FORBIDDEN",
                     *       "message": "this client may not act for tax number 91440300591872133B",
                     *       "details": [
                     *         {
                     *           "field": "taxNo",
                     *           "rule": "must be one of this client's tax numbers: 914403007451947782"
                     *         }
                     *       ]
                     *     }
                     */
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Too many requests from this client; wait for Retry-After seconds */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 429,
                     *       "requestId": "req-1",
                     *       "code": "RATE_LIMITED",
                     *       "message": "rate limit of 600 requests per window exceeded; retry after 1 minute"
                     *     }
                     */
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description A fault of the gateway; nothing internal is shown (see the log by requestId) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 500,
                     *       "requestId": "req-1",
                     *       "code": "INTERNAL",
                     *       "message": "Internal Server Error"
                     *     }
                     */
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description piaozone (UPSTREAM_UNAVAILABLE) or the gateway's own database (DATABASE_UNAVAILABLE, with Retry-After) cannot be reached; nothing was stored, try again later */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 503,
                     *       "requestId": "req-1",
                     *       "code": "UPSTREAM_UNAVAILABLE",
                     *       "message": "piaozone could not be reached or answered garbled; try again later"
                     *     }
                     */
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    submitRecordingTask: {
        parameters: {
            query?: never;
            header?: {
                /**
                 * @description Makes the submit safe to repeat: same key and body → the same task
                 * @example AP-2025-0042
                 */
                "idempotency-key"?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "taxNo": "914403007451947782",
                 *       "nextEntryMarkStatus": "02",
                 *       "reference": "AP-2025-0042",
                 *       "invoices": [
                 *         {
                 *           "serialNo": "3388296ca4d147f1b4ffe114412493a00",
                 *           "invoiceNo": "23442000000164214335",
                 *           "invoiceCode": "",
                 *           "recordedTime": "20251126",
                 *           "recordedPeriod": "20251126"
                 *         }
                 *       ]
                 *     }
                 */
                "application/json": components["schemas"]["SubmitRequest"];
            };
        };
        responses: {
            /** @description Stored. The worker submits it to piaozone now; poll GET /v1/recording-tasks/{id} (Location header) for the outcome */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "id": "0b5a1c6e-8f3d-4d2a-9c55-2f7e9a1b3c4d",
                     *       "status": "accepted",
                     *       "taxNo": "914403007451947782",
                     *       "nextEntryMarkStatus": "02",
                     *       "reference": "AP-2025-0042",
                     *       "requestId": "req-1",
                     *       "counts": {
                     *         "total": 1,
                     *         "pending": 1,
                     *         "succeeded": 0,
                     *         "failed": 0
                     *       },
                     *       "vendorTaskNos": [],
                     *       "error": null,
                     *       "retryOf": null,
                     *       "operator": "zhang.san",
                     *       "reason": null,
                     *       "createdAt": "2025-11-26T08:00:00.000Z",
                     *       "updatedAt": "2025-11-26T08:00:00.000Z",
                     *       "finishedAt": null,
                     *       "replayed": false,
                     *       "retries": [],
                     *       "invoices": [
                     *         {
                     *           "index": 0,
                     *           "serialNo": "3388296ca4d147f1b4ffe114412493a00",
                     *           "invoiceNo": "23442000000164214335",
                     *           "invoiceCode": "",
                     *           "recordedTime": "20251126",
                     *           "recordedPeriod": "20251126",
                     *           "outcome": "pending",
                     *           "preEntryMarkStatus": null,
                     *           "entryMarkStatus": null,
                     *           "failReason": null,
                     *           "invoiceType": null,
                     *           "invoiceDate": null,
                     *           "etaxInvoiceNo": null
                     *         }
                     *       ]
                     *     }
                     */
                    "application/json": components["schemas"]["AcceptedRecordingTask"];
                };
            };
            /** @description The request breaks a rule: message names the first problem and how many more there are; details lists them (at most 100), each with its field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 400,
                     *       "requestId": "req-1",
                     *       "code": "VALIDATION_FAILED",
                     *       "message": "invoices[0].invoiceNo: must be 20 digits (数电) or 8 digits (legacy, with invoiceCode)",
                     *       "details": [
                     *         {
                     *           "field": "invoices[0].invoiceNo",
                     *           "rule": "must be 20 digits (数电) or 8 digits (legacy, with invoiceCode)"
                     *         }
                     *       ]
                     *     }
                     */
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description No API key, or an unknown or revoked one (Authorization: Bearer rzk_…) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 401,
                     *       "requestId": "req-1",
                     *       "code": "UNAUTHORIZED",
                     *       "message": "the API key is unknown or revoked"
                     *     }
                     */
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description This client may not act for that tax number */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 403,
                     *       "requestId": "req-1",
                     *       "code": "FORBIDDEN",
                     *       "message": "this client may not act for tax number 91440300591872133B",
                     *       "details": [
                     *         {
                     *           "field": "taxNo",
                     *           "rule": "must be one of this client's tax numbers: 914403007451947782"
                     *         }
                     *       ]
                     *     }
                     */
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Conflicts with work under way (an invoice in an unfinished task, or the same Idempotency-Key still being stored) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 409,
                     *       "requestId": "req-1",
                     *       "code": "INVOICE_IN_UNFINISHED_TASK",
                     *       "message": "invoice(s) already in unfinished task 0b5a1c6e-8f3d-4d2a-9c55-2f7e9a1b3c4d",
                     *       "taskId": "0b5a1c6e-8f3d-4d2a-9c55-2f7e9a1b3c4d",
                     *       "details": [
                     *         {
                     *           "field": "invoices[0].invoiceNo",
                     *           "rule": "already in unfinished task 0b5a1c6e-8f3d-4d2a-9c55-2f7e9a1b3c4d"
                     *         }
                     *       ]
                     *     }
                     */
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description The body is larger than 1 MiB */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 413,
                     *       "requestId": "req-1",
                     *       "code": "PAYLOAD_TOO_LARGE",
                     *       "message": "Request body is too large",
                     *       "details": [
                     *         {
                     *           "field": "body",
                     *           "rule": "Request body is too large"
                     *         }
                     *       ]
                     *     }
                     */
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description The body is not sent as Content-Type: application/json */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 415,
                     *       "requestId": "req-1",
                     *       "code": "UNSUPPORTED_MEDIA_TYPE",
                     *       "message": "send the body as JSON with Content-Type: application/json (got text/plain)",
                     *       "details": [
                     *         {
                     *           "field": "header content-type",
                     *           "rule": "must be application/json (got text/plain)"
                     *         }
                     *       ]
                     *     }
                     */
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description This Idempotency-Key was used with another body: use a new key for a new request, or GET the task */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 422,
                     *       "requestId": "req-1",
                     *       "code": "IDEMPOTENCY_CONFLICT",
                     *       "message": "this Idempotency-Key was used with a different request body: use a new key for a new request, or GET the task",
                     *       "taskId": "0b5a1c6e-8f3d-4d2a-9c55-2f7e9a1b3c4d"
                     *     }
                     */
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Too many requests from this client; wait for Retry-After seconds */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 429,
                     *       "requestId": "req-1",
                     *       "code": "RATE_LIMITED",
                     *       "message": "rate limit of 600 requests per window exceeded; retry after 1 minute"
                     *     }
                     */
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description A fault of the gateway; nothing internal is shown (see the log by requestId) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 500,
                     *       "requestId": "req-1",
                     *       "code": "INTERNAL",
                     *       "message": "Internal Server Error"
                     *     }
                     */
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description piaozone (UPSTREAM_UNAVAILABLE) or the gateway's own database (DATABASE_UNAVAILABLE, with Retry-After) cannot be reached; nothing was stored, try again later */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 503,
                     *       "requestId": "req-1",
                     *       "code": "UPSTREAM_UNAVAILABLE",
                     *       "message": "piaozone could not be reached or answered garbled; try again later"
                     *     }
                     */
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    getRecordingTask: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /**
                 * @description The task id
                 * @example 0b5a1c6e-8f3d-4d2a-9c55-2f7e9a1b3c4d
                 */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The task with every invoice and its outcome so far */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "id": "0b5a1c6e-8f3d-4d2a-9c55-2f7e9a1b3c4d",
                     *       "status": "completed",
                     *       "taxNo": "914403007451947782",
                     *       "nextEntryMarkStatus": "02",
                     *       "reference": "AP-2025-0042",
                     *       "requestId": "req-1",
                     *       "counts": {
                     *         "total": 1,
                     *         "pending": 0,
                     *         "succeeded": 1,
                     *         "failed": 0
                     *       },
                     *       "vendorTaskNos": [
                     *         "RZ1764136800000000001"
                     *       ],
                     *       "error": null,
                     *       "retryOf": null,
                     *       "operator": "zhang.san",
                     *       "reason": null,
                     *       "createdAt": "2025-11-26T08:00:00.000Z",
                     *       "updatedAt": "2025-11-26T08:00:03.000Z",
                     *       "finishedAt": "2025-11-26T08:00:03.000Z",
                     *       "retries": [],
                     *       "invoices": [
                     *         {
                     *           "index": 0,
                     *           "serialNo": "3388296ca4d147f1b4ffe114412493a00",
                     *           "invoiceNo": "23442000000164214335",
                     *           "invoiceCode": "",
                     *           "recordedTime": "20251126",
                     *           "recordedPeriod": "20251126",
                     *           "outcome": "succeeded",
                     *           "preEntryMarkStatus": "01",
                     *           "entryMarkStatus": "02",
                     *           "failReason": null,
                     *           "invoiceType": "27",
                     *           "invoiceDate": "20251120",
                     *           "etaxInvoiceNo": "23442000000164214335"
                     *         }
                     *       ]
                     *     }
                     */
                    "application/json": components["schemas"]["RecordingTask"];
                };
            };
            /** @description The request breaks a rule: message names the first problem and how many more there are; details lists them (at most 100), each with its field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 400,
                     *       "requestId": "req-1",
                     *       "code": "VALIDATION_FAILED",
                     *       "message": "invoices[0].invoiceNo: must be 20 digits (数电) or 8 digits (legacy, with invoiceCode)",
                     *       "details": [
                     *         {
                     *           "field": "invoices[0].invoiceNo",
                     *           "rule": "must be 20 digits (数电) or 8 digits (legacy, with invoiceCode)"
                     *         }
                     *       ]
                     *     }
                     */
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description No API key, or an unknown or revoked one (Authorization: Bearer rzk_…) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 401,
                     *       "requestId": "req-1",
                     *       "code": "UNAUTHORIZED",
                     *       "message": "the API key is unknown or revoked"
                     *     }
                     */
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Not found, or not this client's */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 404,
                     *       "requestId": "req-1",
                     *       "code": "TASK_NOT_FOUND",
                     *       "message": "no task 0b5a1c6e-8f3d-4d2a-9c55-2f7e9a1b3c4d"
                     *     }
                     */
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Too many requests from this client; wait for Retry-After seconds */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 429,
                     *       "requestId": "req-1",
                     *       "code": "RATE_LIMITED",
                     *       "message": "rate limit of 600 requests per window exceeded; retry after 1 minute"
                     *     }
                     */
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description A fault of the gateway; nothing internal is shown (see the log by requestId) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 500,
                     *       "requestId": "req-1",
                     *       "code": "INTERNAL",
                     *       "message": "Internal Server Error"
                     *     }
                     */
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description piaozone (UPSTREAM_UNAVAILABLE) or the gateway's own database (DATABASE_UNAVAILABLE, with Retry-After) cannot be reached; nothing was stored, try again later */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 503,
                     *       "requestId": "req-1",
                     *       "code": "UPSTREAM_UNAVAILABLE",
                     *       "message": "piaozone could not be reached or answered garbled; try again later"
                     *     }
                     */
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    refreshRecordingTask: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /**
                 * @description The task id
                 * @example 0b5a1c6e-8f3d-4d2a-9c55-2f7e9a1b3c4d
                 */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The task with every invoice and its outcome so far */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "id": "0b5a1c6e-8f3d-4d2a-9c55-2f7e9a1b3c4d",
                     *       "status": "completed",
                     *       "taxNo": "914403007451947782",
                     *       "nextEntryMarkStatus": "02",
                     *       "reference": "AP-2025-0042",
                     *       "requestId": "req-1",
                     *       "counts": {
                     *         "total": 1,
                     *         "pending": 0,
                     *         "succeeded": 1,
                     *         "failed": 0
                     *       },
                     *       "vendorTaskNos": [
                     *         "RZ1764136800000000001"
                     *       ],
                     *       "error": null,
                     *       "retryOf": null,
                     *       "operator": "zhang.san",
                     *       "reason": null,
                     *       "createdAt": "2025-11-26T08:00:00.000Z",
                     *       "updatedAt": "2025-11-26T08:00:03.000Z",
                     *       "finishedAt": "2025-11-26T08:00:03.000Z",
                     *       "retries": [],
                     *       "invoices": [
                     *         {
                     *           "index": 0,
                     *           "serialNo": "3388296ca4d147f1b4ffe114412493a00",
                     *           "invoiceNo": "23442000000164214335",
                     *           "invoiceCode": "",
                     *           "recordedTime": "20251126",
                     *           "recordedPeriod": "20251126",
                     *           "outcome": "succeeded",
                     *           "preEntryMarkStatus": "01",
                     *           "entryMarkStatus": "02",
                     *           "failReason": null,
                     *           "invoiceType": "27",
                     *           "invoiceDate": "20251120",
                     *           "etaxInvoiceNo": "23442000000164214335"
                     *         }
                     *       ]
                     *     }
                     */
                    "application/json": components["schemas"]["RecordingTask"];
                };
            };
            /** @description The request breaks a rule: message names the first problem and how many more there are; details lists them (at most 100), each with its field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 400,
                     *       "requestId": "req-1",
                     *       "code": "VALIDATION_FAILED",
                     *       "message": "invoices[0].invoiceNo: must be 20 digits (数电) or 8 digits (legacy, with invoiceCode)",
                     *       "details": [
                     *         {
                     *           "field": "invoices[0].invoiceNo",
                     *           "rule": "must be 20 digits (数电) or 8 digits (legacy, with invoiceCode)"
                     *         }
                     *       ]
                     *     }
                     */
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description No API key, or an unknown or revoked one (Authorization: Bearer rzk_…) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 401,
                     *       "requestId": "req-1",
                     *       "code": "UNAUTHORIZED",
                     *       "message": "the API key is unknown or revoked"
                     *     }
                     */
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Not found, or not this client's */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 404,
                     *       "requestId": "req-1",
                     *       "code": "TASK_NOT_FOUND",
                     *       "message": "no task 0b5a1c6e-8f3d-4d2a-9c55-2f7e9a1b3c4d"
                     *     }
                     */
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Too many requests from this client; wait for Retry-After seconds */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 429,
                     *       "requestId": "req-1",
                     *       "code": "RATE_LIMITED",
                     *       "message": "rate limit of 600 requests per window exceeded; retry after 1 minute"
                     *     }
                     */
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description A fault of the gateway; nothing internal is shown (see the log by requestId) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 500,
                     *       "requestId": "req-1",
                     *       "code": "INTERNAL",
                     *       "message": "Internal Server Error"
                     *     }
                     */
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description piaozone (UPSTREAM_UNAVAILABLE) or the gateway's own database (DATABASE_UNAVAILABLE, with Retry-After) cannot be reached; nothing was stored, try again later */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 503,
                     *       "requestId": "req-1",
                     *       "code": "UPSTREAM_UNAVAILABLE",
                     *       "message": "piaozone could not be reached or answered garbled; try again later"
                     *     }
                     */
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    resumeRecordingTask: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /**
                 * @description The task id
                 * @example 0b5a1c6e-8f3d-4d2a-9c55-2f7e9a1b3c4d
                 */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The task with every invoice and its outcome so far */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "id": "0b5a1c6e-8f3d-4d2a-9c55-2f7e9a1b3c4d",
                     *       "status": "completed",
                     *       "taxNo": "914403007451947782",
                     *       "nextEntryMarkStatus": "02",
                     *       "reference": "AP-2025-0042",
                     *       "requestId": "req-1",
                     *       "counts": {
                     *         "total": 1,
                     *         "pending": 0,
                     *         "succeeded": 1,
                     *         "failed": 0
                     *       },
                     *       "vendorTaskNos": [
                     *         "RZ1764136800000000001"
                     *       ],
                     *       "error": null,
                     *       "retryOf": null,
                     *       "operator": "zhang.san",
                     *       "reason": null,
                     *       "createdAt": "2025-11-26T08:00:00.000Z",
                     *       "updatedAt": "2025-11-26T08:00:03.000Z",
                     *       "finishedAt": "2025-11-26T08:00:03.000Z",
                     *       "retries": [],
                     *       "invoices": [
                     *         {
                     *           "index": 0,
                     *           "serialNo": "3388296ca4d147f1b4ffe114412493a00",
                     *           "invoiceNo": "23442000000164214335",
                     *           "invoiceCode": "",
                     *           "recordedTime": "20251126",
                     *           "recordedPeriod": "20251126",
                     *           "outcome": "succeeded",
                     *           "preEntryMarkStatus": "01",
                     *           "entryMarkStatus": "02",
                     *           "failReason": null,
                     *           "invoiceType": "27",
                     *           "invoiceDate": "20251120",
                     *           "etaxInvoiceNo": "23442000000164214335"
                     *         }
                     *       ]
                     *     }
                     */
                    "application/json": components["schemas"]["RecordingTask"];
                };
            };
            /** @description The request breaks a rule: message names the first problem and how many more there are; details lists them (at most 100), each with its field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 400,
                     *       "requestId": "req-1",
                     *       "code": "VALIDATION_FAILED",
                     *       "message": "invoices[0].invoiceNo: must be 20 digits (数电) or 8 digits (legacy, with invoiceCode)",
                     *       "details": [
                     *         {
                     *           "field": "invoices[0].invoiceNo",
                     *           "rule": "must be 20 digits (数电) or 8 digits (legacy, with invoiceCode)"
                     *         }
                     *       ]
                     *     }
                     */
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description No API key, or an unknown or revoked one (Authorization: Bearer rzk_…) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 401,
                     *       "requestId": "req-1",
                     *       "code": "UNAUTHORIZED",
                     *       "message": "the API key is unknown or revoked"
                     *     }
                     */
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Not found, or not this client's */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 404,
                     *       "requestId": "req-1",
                     *       "code": "TASK_NOT_FOUND",
                     *       "message": "no task 0b5a1c6e-8f3d-4d2a-9c55-2f7e9a1b3c4d"
                     *     }
                     */
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Conflicts with work under way (an invoice in an unfinished task, or the same Idempotency-Key still being stored) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 409,
                     *       "requestId": "req-1",
                     *       "code": "INVOICE_IN_UNFINISHED_TASK",
                     *       "message": "invoice(s) already in unfinished task 0b5a1c6e-8f3d-4d2a-9c55-2f7e9a1b3c4d",
                     *       "taskId": "0b5a1c6e-8f3d-4d2a-9c55-2f7e9a1b3c4d",
                     *       "details": [
                     *         {
                     *           "field": "invoices[0].invoiceNo",
                     *           "rule": "already in unfinished task 0b5a1c6e-8f3d-4d2a-9c55-2f7e9a1b3c4d"
                     *         }
                     *       ]
                     *     }
                     */
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Too many requests from this client; wait for Retry-After seconds */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 429,
                     *       "requestId": "req-1",
                     *       "code": "RATE_LIMITED",
                     *       "message": "rate limit of 600 requests per window exceeded; retry after 1 minute"
                     *     }
                     */
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description A fault of the gateway; nothing internal is shown (see the log by requestId) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 500,
                     *       "requestId": "req-1",
                     *       "code": "INTERNAL",
                     *       "message": "Internal Server Error"
                     *     }
                     */
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description piaozone (UPSTREAM_UNAVAILABLE) or the gateway's own database (DATABASE_UNAVAILABLE, with Retry-After) cannot be reached; nothing was stored, try again later */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 503,
                     *       "requestId": "req-1",
                     *       "code": "UPSTREAM_UNAVAILABLE",
                     *       "message": "piaozone could not be reached or answered garbled; try again later"
                     *     }
                     */
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    cancelRecordingTask: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /**
                 * @description The task id
                 * @example 0b5a1c6e-8f3d-4d2a-9c55-2f7e9a1b3c4d
                 */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The task with every invoice and its outcome so far */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "id": "0b5a1c6e-8f3d-4d2a-9c55-2f7e9a1b3c4d",
                     *       "status": "completed",
                     *       "taxNo": "914403007451947782",
                     *       "nextEntryMarkStatus": "02",
                     *       "reference": "AP-2025-0042",
                     *       "requestId": "req-1",
                     *       "counts": {
                     *         "total": 1,
                     *         "pending": 0,
                     *         "succeeded": 1,
                     *         "failed": 0
                     *       },
                     *       "vendorTaskNos": [
                     *         "RZ1764136800000000001"
                     *       ],
                     *       "error": null,
                     *       "retryOf": null,
                     *       "operator": "zhang.san",
                     *       "reason": null,
                     *       "createdAt": "2025-11-26T08:00:00.000Z",
                     *       "updatedAt": "2025-11-26T08:00:03.000Z",
                     *       "finishedAt": "2025-11-26T08:00:03.000Z",
                     *       "retries": [],
                     *       "invoices": [
                     *         {
                     *           "index": 0,
                     *           "serialNo": "3388296ca4d147f1b4ffe114412493a00",
                     *           "invoiceNo": "23442000000164214335",
                     *           "invoiceCode": "",
                     *           "recordedTime": "20251126",
                     *           "recordedPeriod": "20251126",
                     *           "outcome": "succeeded",
                     *           "preEntryMarkStatus": "01",
                     *           "entryMarkStatus": "02",
                     *           "failReason": null,
                     *           "invoiceType": "27",
                     *           "invoiceDate": "20251120",
                     *           "etaxInvoiceNo": "23442000000164214335"
                     *         }
                     *       ]
                     *     }
                     */
                    "application/json": components["schemas"]["RecordingTask"];
                };
            };
            /** @description The request breaks a rule: message names the first problem and how many more there are; details lists them (at most 100), each with its field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 400,
                     *       "requestId": "req-1",
                     *       "code": "VALIDATION_FAILED",
                     *       "message": "invoices[0].invoiceNo: must be 20 digits (数电) or 8 digits (legacy, with invoiceCode)",
                     *       "details": [
                     *         {
                     *           "field": "invoices[0].invoiceNo",
                     *           "rule": "must be 20 digits (数电) or 8 digits (legacy, with invoiceCode)"
                     *         }
                     *       ]
                     *     }
                     */
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description No API key, or an unknown or revoked one (Authorization: Bearer rzk_…) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 401,
                     *       "requestId": "req-1",
                     *       "code": "UNAUTHORIZED",
                     *       "message": "the API key is unknown or revoked"
                     *     }
                     */
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Not found, or not this client's */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 404,
                     *       "requestId": "req-1",
                     *       "code": "TASK_NOT_FOUND",
                     *       "message": "no task 0b5a1c6e-8f3d-4d2a-9c55-2f7e9a1b3c4d"
                     *     }
                     */
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Conflicts with work under way (an invoice in an unfinished task, or the same Idempotency-Key still being stored) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 409,
                     *       "requestId": "req-1",
                     *       "code": "INVOICE_IN_UNFINISHED_TASK",
                     *       "message": "invoice(s) already in unfinished task 0b5a1c6e-8f3d-4d2a-9c55-2f7e9a1b3c4d",
                     *       "taskId": "0b5a1c6e-8f3d-4d2a-9c55-2f7e9a1b3c4d",
                     *       "details": [
                     *         {
                     *           "field": "invoices[0].invoiceNo",
                     *           "rule": "already in unfinished task 0b5a1c6e-8f3d-4d2a-9c55-2f7e9a1b3c4d"
                     *         }
                     *       ]
                     *     }
                     */
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Too many requests from this client; wait for Retry-After seconds */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 429,
                     *       "requestId": "req-1",
                     *       "code": "RATE_LIMITED",
                     *       "message": "rate limit of 600 requests per window exceeded; retry after 1 minute"
                     *     }
                     */
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description A fault of the gateway; nothing internal is shown (see the log by requestId) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 500,
                     *       "requestId": "req-1",
                     *       "code": "INTERNAL",
                     *       "message": "Internal Server Error"
                     *     }
                     */
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description piaozone (UPSTREAM_UNAVAILABLE) or the gateway's own database (DATABASE_UNAVAILABLE, with Retry-After) cannot be reached; nothing was stored, try again later */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 503,
                     *       "requestId": "req-1",
                     *       "code": "UPSTREAM_UNAVAILABLE",
                     *       "message": "piaozone could not be reached or answered garbled; try again later"
                     *     }
                     */
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    retryFailedInvoices: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /**
                 * @description The task id
                 * @example 0b5a1c6e-8f3d-4d2a-9c55-2f7e9a1b3c4d
                 */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Stored. The worker submits it to piaozone now; poll GET /v1/recording-tasks/{id} (Location header) for the outcome */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "id": "0b5a1c6e-8f3d-4d2a-9c55-2f7e9a1b3c4d",
                     *       "status": "accepted",
                     *       "taxNo": "914403007451947782",
                     *       "nextEntryMarkStatus": "02",
                     *       "reference": "AP-2025-0042",
                     *       "requestId": "req-1",
                     *       "counts": {
                     *         "total": 1,
                     *         "pending": 1,
                     *         "succeeded": 0,
                     *         "failed": 0
                     *       },
                     *       "vendorTaskNos": [],
                     *       "error": null,
                     *       "retryOf": null,
                     *       "operator": "zhang.san",
                     *       "reason": null,
                     *       "createdAt": "2025-11-26T08:00:00.000Z",
                     *       "updatedAt": "2025-11-26T08:00:00.000Z",
                     *       "finishedAt": null,
                     *       "replayed": false,
                     *       "retries": [],
                     *       "invoices": [
                     *         {
                     *           "index": 0,
                     *           "serialNo": "3388296ca4d147f1b4ffe114412493a00",
                     *           "invoiceNo": "23442000000164214335",
                     *           "invoiceCode": "",
                     *           "recordedTime": "20251126",
                     *           "recordedPeriod": "20251126",
                     *           "outcome": "pending",
                     *           "preEntryMarkStatus": null,
                     *           "entryMarkStatus": null,
                     *           "failReason": null,
                     *           "invoiceType": null,
                     *           "invoiceDate": null,
                     *           "etaxInvoiceNo": null
                     *         }
                     *       ]
                     *     }
                     */
                    "application/json": components["schemas"]["AcceptedRecordingTask"];
                };
            };
            /** @description The request breaks a rule: message names the first problem and how many more there are; details lists them (at most 100), each with its field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 400,
                     *       "requestId": "req-1",
                     *       "code": "VALIDATION_FAILED",
                     *       "message": "invoices[0].invoiceNo: must be 20 digits (数电) or 8 digits (legacy, with invoiceCode)",
                     *       "details": [
                     *         {
                     *           "field": "invoices[0].invoiceNo",
                     *           "rule": "must be 20 digits (数电) or 8 digits (legacy, with invoiceCode)"
                     *         }
                     *       ]
                     *     }
                     */
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description No API key, or an unknown or revoked one (Authorization: Bearer rzk_…) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 401,
                     *       "requestId": "req-1",
                     *       "code": "UNAUTHORIZED",
                     *       "message": "the API key is unknown or revoked"
                     *     }
                     */
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Not found, or not this client's */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 404,
                     *       "requestId": "req-1",
                     *       "code": "TASK_NOT_FOUND",
                     *       "message": "no task 0b5a1c6e-8f3d-4d2a-9c55-2f7e9a1b3c4d"
                     *     }
                     */
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Conflicts with work under way (an invoice in an unfinished task, or the same Idempotency-Key still being stored) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 409,
                     *       "requestId": "req-1",
                     *       "code": "INVOICE_IN_UNFINISHED_TASK",
                     *       "message": "invoice(s) already in unfinished task 0b5a1c6e-8f3d-4d2a-9c55-2f7e9a1b3c4d",
                     *       "taskId": "0b5a1c6e-8f3d-4d2a-9c55-2f7e9a1b3c4d",
                     *       "details": [
                     *         {
                     *           "field": "invoices[0].invoiceNo",
                     *           "rule": "already in unfinished task 0b5a1c6e-8f3d-4d2a-9c55-2f7e9a1b3c4d"
                     *         }
                     *       ]
                     *     }
                     */
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Too many requests from this client; wait for Retry-After seconds */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 429,
                     *       "requestId": "req-1",
                     *       "code": "RATE_LIMITED",
                     *       "message": "rate limit of 600 requests per window exceeded; retry after 1 minute"
                     *     }
                     */
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description A fault of the gateway; nothing internal is shown (see the log by requestId) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 500,
                     *       "requestId": "req-1",
                     *       "code": "INTERNAL",
                     *       "message": "Internal Server Error"
                     *     }
                     */
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description piaozone (UPSTREAM_UNAVAILABLE) or the gateway's own database (DATABASE_UNAVAILABLE, with Retry-After) cannot be reached; nothing was stored, try again later */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 503,
                     *       "requestId": "req-1",
                     *       "code": "UPSTREAM_UNAVAILABLE",
                     *       "message": "piaozone could not be reached or answered garbled; try again later"
                     *     }
                     */
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    searchInvoices: {
        parameters: {
            query?: {
                /**
                 * @description 购方纳税人识别号 (15–20 digits and upper-case letters)
                 * @example 914403007451947782
                 */
                taxNo?: string;
                /**
                 * @description The latest 入账状态 the vendor reported
                 * @example 02
                 */
                entryMarkStatus?: string;
                outcome?: components["schemas"]["InvoiceOutcome"];
                /**
                 * @description 入账期间: yyyyMM matches the month whichever form was submitted; yyyyMMdd matches exactly
                 * @example 202511
                 */
                recordedPeriod?: string;
                /**
                 * @description Its latest task submitted at or after (ISO 8601)
                 * @example 2025-11-01T00:00:00Z
                 */
                createdFrom?: string;
                /**
                 * @description Its latest task submitted before (ISO 8601)
                 * @example 2025-12-01T00:00:00Z
                 */
                createdTo?: string;
                /**
                 * @description The reference of its latest task
                 * @example AP-2025-0042
                 */
                reference?: string;
                /**
                 * @description Rows per page (JSON); a CSV has every matching row
                 * @example 100
                 */
                limit?: number;
                /**
                 * @description csv: every matching row as one CSV file for Excel (so does Accept: text/csv)
                 * @example json
                 */
                format?: "json" | "csv";
                /**
                 * @description zh: Chinese column headers (so does Accept-Language: zh-CN); the codes in the rows stay as they are
                 * @example zh
                 */
                lang?: "zh" | "en";
                /**
                 * @description nextCursor of the previous page
                 * @example WyI5MTQ0MDMwMDc0NTE5NDc3ODIiLCIyMzQ0MjAwMDAwMDE2NDIxNDMzNSIsIiJd
                 */
                cursor?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A page of invoices (JSON), or every matching invoice as a CSV file for Excel (format=csv or Accept: text/csv) */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "items": [
                     *         {
                     *           "taxNo": "914403007451947782",
                     *           "invoiceNo": "23442000000164214335",
                     *           "invoiceCode": "",
                     *           "outcome": "succeeded",
                     *           "entryMarkStatus": "02",
                     *           "entryMarkLabel": "已入账（企业所得税税前扣除）",
                     *           "recorded": true,
                     *           "failReason": null,
                     *           "recordedTime": "20251126",
                     *           "recordedPeriod": "202511",
                     *           "taskId": "0b5a1c6e-8f3d-4d2a-9c55-2f7e9a1b3c4d",
                     *           "taskStatus": "completed",
                     *           "reference": "AP-2025-0042",
                     *           "nextEntryMarkStatus": "02",
                     *           "submittedAt": "2025-11-26T08:00:00.000Z",
                     *           "updatedAt": "2025-11-26T08:00:03.000Z"
                     *         }
                     *       ],
                     *       "nextCursor": null
                     *     }
                     */
                    "application/json": components["schemas"]["InvoiceList"];
                    /**
                     * @example taxNo,invoiceNo,invoiceCode,outcome,entryMarkStatus,…
                     *     ="914403007451947782",="04512345",="4403191130",succeeded,="02",…
                     */
                    "text/csv": string;
                };
            };
            /** @description The request breaks a rule: message names the first problem and how many more there are; details lists them (at most 100), each with its field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 400,
                     *       "requestId": "req-1",
                     *       "code": "VALIDATION_FAILED",
                     *       "message": "invoices[0].invoiceNo: must be 20 digits (数电) or 8 digits (legacy, with invoiceCode)",
                     *       "details": [
                     *         {
                     *           "field": "invoices[0].invoiceNo",
                     *           "rule": "must be 20 digits (数电) or 8 digits (legacy, with invoiceCode)"
                     *         }
                     *       ]
                     *     }
                     */
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description No API key, or an unknown or revoked one (Authorization: Bearer rzk_…) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 401,
                     *       "requestId": "req-1",
                     *       "code": "UNAUTHORIZED",
                     *       "message": "the API key is unknown or revoked"
                     *     }
                     */
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description This client may not act for that tax number */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 403,
                     *       "requestId": "req-1",
                     *       "code": "FORBIDDEN",
                     *       "message": "this client may not act for tax number 91440300591872133B",
                     *       "details": [
                     *         {
                     *           "field": "taxNo",
                     *           "rule": "must be one of this client's tax numbers: 914403007451947782"
                     *         }
                     *       ]
                     *     }
                     */
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Too many requests from this client; wait for Retry-After seconds */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 429,
                     *       "requestId": "req-1",
                     *       "code": "RATE_LIMITED",
                     *       "message": "rate limit of 600 requests per window exceeded; retry after 1 minute"
                     *     }
                     */
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description A fault of the gateway; nothing internal is shown (see the log by requestId) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 500,
                     *       "requestId": "req-1",
                     *       "code": "INTERNAL",
                     *       "message": "Internal Server Error"
                     *     }
                     */
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description piaozone (UPSTREAM_UNAVAILABLE) or the gateway's own database (DATABASE_UNAVAILABLE, with Retry-After) cannot be reached; nothing was stored, try again later */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 503,
                     *       "requestId": "req-1",
                     *       "code": "UPSTREAM_UNAVAILABLE",
                     *       "message": "piaozone could not be reached or answered garbled; try again later"
                     *     }
                     */
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    getEntrySummary: {
        parameters: {
            query: {
                /**
                 * @description 购方纳税人识别号 (15–20 digits and upper-case letters)
                 * @example 914403007451947782
                 */
                taxNo: string;
                /**
                 * @description 入账期间: yyyyMM for the month, whichever form was submitted; yyyyMMdd exactly
                 * @example 202511
                 */
                recordedPeriod: string;
                /**
                 * @description csv: the same figures as a CSV file for Excel (so does Accept: text/csv)
                 * @example json
                 */
                format?: "json" | "csv";
                /**
                 * @description zh: Chinese column headers (so does Accept-Language: zh-CN); the codes in the rows stay as they are
                 * @example zh
                 */
                lang?: "zh" | "en";
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The summary (JSON), or the same figures as a CSV file for Excel (format=csv or Accept: text/csv) */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "taxNo": "914403007451947782",
                     *       "recordedPeriod": "202511",
                     *       "total": 1204,
                     *       "byTarget": [
                     *         {
                     *           "nextEntryMarkStatus": "02",
                     *           "pending": 0,
                     *           "succeeded": 1190,
                     *           "failed": 12
                     *         },
                     *         {
                     *           "nextEntryMarkStatus": "06",
                     *           "pending": 2,
                     *           "succeeded": 0,
                     *           "failed": 0
                     *         }
                     *       ],
                     *       "failures": [
                     *         {
                     *           "failReason": "发票当前入账状态为02，不能变更为02",
                     *           "count": 9
                     *         },
                     *         {
                     *           "failReason": "发票不存在",
                     *           "count": 3
                     *         }
                     *       ]
                     *     }
                     */
                    "application/json": components["schemas"]["EntrySummary"];
                    /**
                     * @example kind,nextEntryMarkStatus,outcome,failReason,count
                     *     outcome,="02",succeeded,,1190
                     *     failure,,failed,发票不存在,3
                     */
                    "text/csv": string;
                };
            };
            /** @description The request breaks a rule: message names the first problem and how many more there are; details lists them (at most 100), each with its field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 400,
                     *       "requestId": "req-1",
                     *       "code": "VALIDATION_FAILED",
                     *       "message": "invoices[0].invoiceNo: must be 20 digits (数电) or 8 digits (legacy, with invoiceCode)",
                     *       "details": [
                     *         {
                     *           "field": "invoices[0].invoiceNo",
                     *           "rule": "must be 20 digits (数电) or 8 digits (legacy, with invoiceCode)"
                     *         }
                     *       ]
                     *     }
                     */
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description No API key, or an unknown or revoked one (Authorization: Bearer rzk_…) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 401,
                     *       "requestId": "req-1",
                     *       "code": "UNAUTHORIZED",
                     *       "message": "the API key is unknown or revoked"
                     *     }
                     */
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description This client may not act for that tax number */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 403,
                     *       "requestId": "req-1",
                     *       "code": "FORBIDDEN",
                     *       "message": "this client may not act for tax number 91440300591872133B",
                     *       "details": [
                     *         {
                     *           "field": "taxNo",
                     *           "rule": "must be one of this client's tax numbers: 914403007451947782"
                     *         }
                     *       ]
                     *     }
                     */
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Too many requests from this client; wait for Retry-After seconds */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 429,
                     *       "requestId": "req-1",
                     *       "code": "RATE_LIMITED",
                     *       "message": "rate limit of 600 requests per window exceeded; retry after 1 minute"
                     *     }
                     */
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description A fault of the gateway; nothing internal is shown (see the log by requestId) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 500,
                     *       "requestId": "req-1",
                     *       "code": "INTERNAL",
                     *       "message": "Internal Server Error"
                     *     }
                     */
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description piaozone (UPSTREAM_UNAVAILABLE) or the gateway's own database (DATABASE_UNAVAILABLE, with Retry-After) cannot be reached; nothing was stored, try again later */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 503,
                     *       "requestId": "req-1",
                     *       "code": "UPSTREAM_UNAVAILABLE",
                     *       "message": "piaozone could not be reached or answered garbled; try again later"
                     *     }
                     */
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    getInvoiceEntryStatus: {
        parameters: {
            query: {
                /**
                 * @description 购方纳税人识别号 (15–20 digits and upper-case letters)
                 * @example 914403007451947782
                 */
                taxNo: string;
                /**
                 * @description For legacy (8-digit) invoices: their 10- or 12-digit code, e.g. 4403191130; empty or omitted for 数电
                 * @example
                 */
                invoiceCode?: string;
            };
            header?: never;
            path: {
                /**
                 * @description 20 digits (数电) or 8 digits
                 * @example 23442000000164214335
                 */
                invoiceNo: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The latest 入账状态 the vendor reported for the invoice, every task that touched it, and the audit trail: its changes, and the attempts piaozone failed */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "taxNo": "914403007451947782",
                     *       "invoiceNo": "23442000000164214335",
                     *       "invoiceCode": "",
                     *       "entryMarkStatus": "02",
                     *       "entryMarkLabel": "已入账（企业所得税税前扣除）",
                     *       "recorded": true,
                     *       "redReversal": "Recorded: the seller can no longer red-reverse (红冲) it alone; the buyer must confirm the 红字发票信息确认单.",
                     *       "pendingTaskId": null,
                     *       "history": [
                     *         {
                     *           "taskId": "7d2f4e1a-3b6c-4f8e-a1d2-5c9b8e7f6a30",
                     *           "nextEntryMarkStatus": "02",
                     *           "outcome": "failed",
                     *           "preEntryMarkStatus": null,
                     *           "entryMarkStatus": "02",
                     *           "failReason": "发票当前入账状态为02，不能变更为02",
                     *           "updatedAt": "2025-11-27T09:30:02.000Z"
                     *         },
                     *         {
                     *           "taskId": "0b5a1c6e-8f3d-4d2a-9c55-2f7e9a1b3c4d",
                     *           "nextEntryMarkStatus": "02",
                     *           "outcome": "succeeded",
                     *           "preEntryMarkStatus": "01",
                     *           "entryMarkStatus": "02",
                     *           "failReason": null,
                     *           "updatedAt": "2025-11-26T08:00:03.000Z"
                     *         }
                     *       ],
                     *       "changes": [
                     *         {
                     *           "fromStatus": "01",
                     *           "toStatus": "02",
                     *           "at": "2025-11-26T08:00:03.000Z",
                     *           "taskId": "0b5a1c6e-8f3d-4d2a-9c55-2f7e9a1b3c4d",
                     *           "vendorTaskNo": "RZ1764136800000000001",
                     *           "operator": "zhang.san",
                     *           "reason": null
                     *         }
                     *       ],
                     *       "attempts": [
                     *         {
                     *           "taskId": "7d2f4e1a-3b6c-4f8e-a1d2-5c9b8e7f6a30",
                     *           "vendorTaskNo": "RZ1764235800000000007",
                     *           "at": "2025-11-27T09:30:02.000Z",
                     *           "nextEntryMarkStatus": "02",
                     *           "outcome": "failed",
                     *           "failReason": "发票当前入账状态为02，不能变更为02",
                     *           "operator": "li.si",
                     *           "reason": null
                     *         }
                     *       ]
                     *     }
                     */
                    "application/json": components["schemas"]["EntryStatus"];
                };
            };
            /** @description The request breaks a rule: message names the first problem and how many more there are; details lists them (at most 100), each with its field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 400,
                     *       "requestId": "req-1",
                     *       "code": "VALIDATION_FAILED",
                     *       "message": "invoices[0].invoiceNo: must be 20 digits (数电) or 8 digits (legacy, with invoiceCode)",
                     *       "details": [
                     *         {
                     *           "field": "invoices[0].invoiceNo",
                     *           "rule": "must be 20 digits (数电) or 8 digits (legacy, with invoiceCode)"
                     *         }
                     *       ]
                     *     }
                     */
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description No API key, or an unknown or revoked one (Authorization: Bearer rzk_…) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 401,
                     *       "requestId": "req-1",
                     *       "code": "UNAUTHORIZED",
                     *       "message": "the API key is unknown or revoked"
                     *     }
                     */
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description This client may not act for that tax number */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 403,
                     *       "requestId": "req-1",
                     *       "code": "FORBIDDEN",
                     *       "message": "this client may not act for tax number 91440300591872133B",
                     *       "details": [
                     *         {
                     *           "field": "taxNo",
                     *           "rule": "must be one of this client's tax numbers: 914403007451947782"
                     *         }
                     *       ]
                     *     }
                     */
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Not found, or not this client's */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 404,
                     *       "requestId": "req-1",
                     *       "code": "TASK_NOT_FOUND",
                     *       "message": "no task 0b5a1c6e-8f3d-4d2a-9c55-2f7e9a1b3c4d"
                     *     }
                     */
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Too many requests from this client; wait for Retry-After seconds */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 429,
                     *       "requestId": "req-1",
                     *       "code": "RATE_LIMITED",
                     *       "message": "rate limit of 600 requests per window exceeded; retry after 1 minute"
                     *     }
                     */
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description A fault of the gateway; nothing internal is shown (see the log by requestId) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 500,
                     *       "requestId": "req-1",
                     *       "code": "INTERNAL",
                     *       "message": "Internal Server Error"
                     *     }
                     */
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description piaozone (UPSTREAM_UNAVAILABLE) or the gateway's own database (DATABASE_UNAVAILABLE, with Retry-After) cannot be reached; nothing was stored, try again later */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 503,
                     *       "requestId": "req-1",
                     *       "code": "UPSTREAM_UNAVAILABLE",
                     *       "message": "piaozone could not be reached or answered garbled; try again later"
                     *     }
                     */
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    listTaxNumbers: {
        parameters: {
            query?: {
                /**
                 * @description Only this one
                 * @example 914403007451947782
                 */
                taxNo?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The tax numbers you may use: those granted to you, or, if you may use any, those you have used */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "items": [
                     *         {
                     *           "taxNo": "914403007451947782",
                     *           "account": "default",
                     *           "session": {
                     *             "state": "ok",
                     *             "checkedAt": "2025-11-26T08:00:00.000Z",
                     *             "loginWebUrl": null,
                     *             "vendorCode": null,
                     *             "vendorMessage": null
                     *           },
                     *           "unfinishedTasks": 2,
                     *           "waitingTasks": 0
                     *         }
                     *       ]
                     *     }
                     */
                    "application/json": components["schemas"]["TaxNumberList"];
                };
            };
            /** @description The request breaks a rule: message names the first problem and how many more there are; details lists them (at most 100), each with its field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 400,
                     *       "requestId": "req-1",
                     *       "code": "VALIDATION_FAILED",
                     *       "message": "invoices[0].invoiceNo: must be 20 digits (数电) or 8 digits (legacy, with invoiceCode)",
                     *       "details": [
                     *         {
                     *           "field": "invoices[0].invoiceNo",
                     *           "rule": "must be 20 digits (数电) or 8 digits (legacy, with invoiceCode)"
                     *         }
                     *       ]
                     *     }
                     */
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description No API key, or an unknown or revoked one (Authorization: Bearer rzk_…) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 401,
                     *       "requestId": "req-1",
                     *       "code": "UNAUTHORIZED",
                     *       "message": "the API key is unknown or revoked"
                     *     }
                     */
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description This client may not act for that tax number */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 403,
                     *       "requestId": "req-1",
                     *       "code": "FORBIDDEN",
                     *       "message": "this client may not act for tax number 91440300591872133B",
                     *       "details": [
                     *         {
                     *           "field": "taxNo",
                     *           "rule": "must be one of this client's tax numbers: 914403007451947782"
                     *         }
                     *       ]
                     *     }
                     */
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Too many requests from this client; wait for Retry-After seconds */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 429,
                     *       "requestId": "req-1",
                     *       "code": "RATE_LIMITED",
                     *       "message": "rate limit of 600 requests per window exceeded; retry after 1 minute"
                     *     }
                     */
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description A fault of the gateway; nothing internal is shown (see the log by requestId) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 500,
                     *       "requestId": "req-1",
                     *       "code": "INTERNAL",
                     *       "message": "Internal Server Error"
                     *     }
                     */
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description piaozone (UPSTREAM_UNAVAILABLE) or the gateway's own database (DATABASE_UNAVAILABLE, with Retry-After) cannot be reached; nothing was stored, try again later */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 503,
                     *       "requestId": "req-1",
                     *       "code": "UPSTREAM_UNAVAILABLE",
                     *       "message": "piaozone could not be reached or answered garbled; try again later"
                     *     }
                     */
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    checkTaxNumber: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @example 914403007451947782 */
                taxNo: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description What the check found */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "taxNo": "914403007451947782",
                     *       "account": "default",
                     *       "ready": false,
                     *       "problems": [
                     *         {
                     *           "code": "TAX_LOGIN_REQUIRED",
                     *           "message": "a person must finish the tax-bureau login (SMS, face or QR) at https://etax.example/login, then check again"
                     *         }
                     *       ],
                     *       "session": {
                     *         "state": "interactive",
                     *         "checkedAt": "2025-11-26T08:00:00.000Z",
                     *         "loginWebUrl": "https://etax.example/login",
                     *         "vendorCode": null,
                     *         "vendorMessage": null
                     *       },
                     *       "etaxAccounts": {
                     *         "checked": true,
                     *         "accounts": [
                     *           {
                     *             "etaxAccount": "13800007782",
                     *             "etaxAccountType": "3",
                     *             "defaultFlag": "1",
                     *             "defaultType": "3"
                     *           }
                     *         ],
                     *         "note": null
                     *       },
                     *       "resumedTasks": 0
                     *     }
                     */
                    "application/json": components["schemas"]["TaxNumberCheck"];
                };
            };
            /** @description The request breaks a rule: message names the first problem and how many more there are; details lists them (at most 100), each with its field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 400,
                     *       "requestId": "req-1",
                     *       "code": "VALIDATION_FAILED",
                     *       "message": "invoices[0].invoiceNo: must be 20 digits (数电) or 8 digits (legacy, with invoiceCode)",
                     *       "details": [
                     *         {
                     *           "field": "invoices[0].invoiceNo",
                     *           "rule": "must be 20 digits (数电) or 8 digits (legacy, with invoiceCode)"
                     *         }
                     *       ]
                     *     }
                     */
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description No API key, or an unknown or revoked one (Authorization: Bearer rzk_…) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 401,
                     *       "requestId": "req-1",
                     *       "code": "UNAUTHORIZED",
                     *       "message": "the API key is unknown or revoked"
                     *     }
                     */
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description This client may not act for that tax number */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 403,
                     *       "requestId": "req-1",
                     *       "code": "FORBIDDEN",
                     *       "message": "this client may not act for tax number 91440300591872133B",
                     *       "details": [
                     *         {
                     *           "field": "taxNo",
                     *           "rule": "must be one of this client's tax numbers: 914403007451947782"
                     *         }
                     *       ]
                     *     }
                     */
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Too many requests from this client; wait for Retry-After seconds */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 429,
                     *       "requestId": "req-1",
                     *       "code": "RATE_LIMITED",
                     *       "message": "rate limit of 600 requests per window exceeded; retry after 1 minute"
                     *     }
                     */
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description A fault of the gateway; nothing internal is shown (see the log by requestId) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 500,
                     *       "requestId": "req-1",
                     *       "code": "INTERNAL",
                     *       "message": "Internal Server Error"
                     *     }
                     */
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description piaozone (UPSTREAM_UNAVAILABLE) or the gateway's own database (DATABASE_UNAVAILABLE, with Retry-After) cannot be reached; nothing was stored, try again later */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 503,
                     *       "requestId": "req-1",
                     *       "code": "UPSTREAM_UNAVAILABLE",
                     *       "message": "piaozone could not be reached or answered garbled; try again later"
                     *     }
                     */
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    taxLogin: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "taxNo": "914403007451947782"
                 *     }
                 */
                "application/json": components["schemas"]["TaxLoginRequest"];
            };
        };
        responses: {
            /** @description What piaozone said of the tax-bureau session */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "taxNo": "914403007451947782",
                     *       "needAuth": false,
                     *       "loginWebUrl": null,
                     *       "loginType": "1",
                     *       "companyName": "深圳市示例科技有限公司",
                     *       "resumedTasks": 0
                     *     }
                     */
                    "application/json": components["schemas"]["TaxLoginResult"];
                };
            };
            /** @description The request breaks a rule: message names the first problem and how many more there are; details lists them (at most 100), each with its field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 400,
                     *       "requestId": "req-1",
                     *       "code": "VALIDATION_FAILED",
                     *       "message": "invoices[0].invoiceNo: must be 20 digits (数电) or 8 digits (legacy, with invoiceCode)",
                     *       "details": [
                     *         {
                     *           "field": "invoices[0].invoiceNo",
                     *           "rule": "must be 20 digits (数电) or 8 digits (legacy, with invoiceCode)"
                     *         }
                     *       ]
                     *     }
                     */
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description No API key, or an unknown or revoked one (Authorization: Bearer rzk_…) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 401,
                     *       "requestId": "req-1",
                     *       "code": "UNAUTHORIZED",
                     *       "message": "the API key is unknown or revoked"
                     *     }
                     */
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description This client may not act for that tax number */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 403,
                     *       "requestId": "req-1",
                     *       "code": "FORBIDDEN",
                     *       "message": "this client may not act for tax number 91440300591872133B",
                     *       "details": [
                     *         {
                     *           "field": "taxNo",
                     *           "rule": "must be one of this client's tax numbers: 914403007451947782"
                     *         }
                     *       ]
                     *     }
                     */
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description The body is not sent as Content-Type: application/json */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 415,
                     *       "requestId": "req-1",
                     *       "code": "UNSUPPORTED_MEDIA_TYPE",
                     *       "message": "send the body as JSON with Content-Type: application/json (got text/plain)",
                     *       "details": [
                     *         {
                     *           "field": "header content-type",
                     *           "rule": "must be application/json (got text/plain)"
                     *         }
                     *       ]
                     *     }
                     */
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Too many requests from this client; wait for Retry-After seconds */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 429,
                     *       "requestId": "req-1",
                     *       "code": "RATE_LIMITED",
                     *       "message": "rate limit of 600 requests per window exceeded; retry after 1 minute"
                     *     }
                     */
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description A fault of the gateway; nothing internal is shown (see the log by requestId) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 500,
                     *       "requestId": "req-1",
                     *       "code": "INTERNAL",
                     *       "message": "Internal Server Error"
                     *     }
                     */
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description piaozone refused; its code and message are in vendor */
            502: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 502,
                     *       "requestId": "req-1",
                     *       "code": "UPSTREAM_REJECTED",
                     *       "message": "piaozone refused taxLogin",
                     *       "vendor": {
                     *         "errorCode": "0301",
                     *         "message": "税局登录已失效，请重新登录"
                     *       }
                     *     }
                     */
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description piaozone (UPSTREAM_UNAVAILABLE) or the gateway's own database (DATABASE_UNAVAILABLE, with Retry-After) cannot be reached; nothing was stored, try again later */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 503,
                     *       "requestId": "req-1",
                     *       "code": "UPSTREAM_UNAVAILABLE",
                     *       "message": "piaozone could not be reached or answered garbled; try again later"
                     *     }
                     */
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    listWebhookDeliveries: {
        parameters: {
            query?: {
                state?: components["schemas"]["WebhookDeliveryState"];
                /**
                 * @description Only the events of this task
                 * @example 0b5a1c6e-8f3d-4d2a-9c55-2f7e9a1b3c4d
                 */
                taskId?: string;
                /** @example 50 */
                limit?: number;
                /**
                 * @description nextCursor of the previous page
                 * @example MjAyNS0xMS0yNlQwODowMDowMy4wMDBafG1zZ18wZjZjMmIxZTlhNGQ0YzdlOGI1YTNkMmMxZTBmOWE4Yg
                 */
                cursor?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Your webhook deliveries, newest first */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "items": [
                     *         {
                     *           "id": "msg_0f6c2b1e9a4d4c7e8b5a3d2c1e0f9a8b",
                     *           "type": "recording_task.finished",
                     *           "taskId": "0b5a1c6e-8f3d-4d2a-9c55-2f7e9a1b3c4d",
                     *           "taxNo": "914403007451947782",
                     *           "state": "delivered",
                     *           "attempts": 2,
                     *           "lastAttemptAt": "2025-11-26T08:00:08.000Z",
                     *           "lastStatus": 200,
                     *           "lastError": null,
                     *           "nextAttemptAt": null,
                     *           "deliveredAt": "2025-11-26T08:00:08.000Z",
                     *           "createdAt": "2025-11-26T08:00:03.000Z",
                     *           "event": {
                     *             "type": "recording_task.finished",
                     *             "timestamp": "2025-11-26T08:00:03.000Z",
                     *             "data": {
                     *               "id": "0b5a1c6e-8f3d-4d2a-9c55-2f7e9a1b3c4d",
                     *               "reference": "AP-2025-0042",
                     *               "taxNo": "914403007451947782",
                     *               "nextEntryMarkStatus": "02",
                     *               "status": "completed",
                     *               "invoiceCount": 1,
                     *               "counts": {
                     *                 "pending": 0,
                     *                 "succeeded": 1,
                     *                 "failed": 0
                     *               },
                     *               "error": null,
                     *               "createdAt": "2025-11-26T08:00:00.000Z",
                     *               "finishedAt": "2025-11-26T08:00:03.000Z",
                     *               "href": "/v1/recording-tasks/0b5a1c6e-8f3d-4d2a-9c55-2f7e9a1b3c4d"
                     *             }
                     *           }
                     *         }
                     *       ],
                     *       "nextCursor": null
                     *     }
                     */
                    "application/json": components["schemas"]["WebhookDeliveryList"];
                };
            };
            /** @description The request breaks a rule: message names the first problem and how many more there are; details lists them (at most 100), each with its field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 400,
                     *       "requestId": "req-1",
                     *       "code": "VALIDATION_FAILED",
                     *       "message": "invoices[0].invoiceNo: must be 20 digits (数电) or 8 digits (legacy, with invoiceCode)",
                     *       "details": [
                     *         {
                     *           "field": "invoices[0].invoiceNo",
                     *           "rule": "must be 20 digits (数电) or 8 digits (legacy, with invoiceCode)"
                     *         }
                     *       ]
                     *     }
                     */
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description No API key, or an unknown or revoked one (Authorization: Bearer rzk_…) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 401,
                     *       "requestId": "req-1",
                     *       "code": "UNAUTHORIZED",
                     *       "message": "the API key is unknown or revoked"
                     *     }
                     */
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Too many requests from this client; wait for Retry-After seconds */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 429,
                     *       "requestId": "req-1",
                     *       "code": "RATE_LIMITED",
                     *       "message": "rate limit of 600 requests per window exceeded; retry after 1 minute"
                     *     }
                     */
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description A fault of the gateway; nothing internal is shown (see the log by requestId) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 500,
                     *       "requestId": "req-1",
                     *       "code": "INTERNAL",
                     *       "message": "Internal Server Error"
                     *     }
                     */
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description piaozone (UPSTREAM_UNAVAILABLE) or the gateway's own database (DATABASE_UNAVAILABLE, with Retry-After) cannot be reached; nothing was stored, try again later */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 503,
                     *       "requestId": "req-1",
                     *       "code": "UPSTREAM_UNAVAILABLE",
                     *       "message": "piaozone could not be reached or answered garbled; try again later"
                     *     }
                     */
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    redeliverWebhook: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @example msg_0f6c2b1e9a4d4c7e8b5a3d2c1e0f9a8b */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description One event for your endpoint and how its delivery went */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "id": "msg_0f6c2b1e9a4d4c7e8b5a3d2c1e0f9a8b",
                     *       "type": "recording_task.finished",
                     *       "taskId": "0b5a1c6e-8f3d-4d2a-9c55-2f7e9a1b3c4d",
                     *       "taxNo": "914403007451947782",
                     *       "state": "delivered",
                     *       "attempts": 2,
                     *       "lastAttemptAt": "2025-11-26T08:00:08.000Z",
                     *       "lastStatus": 200,
                     *       "lastError": null,
                     *       "nextAttemptAt": null,
                     *       "deliveredAt": "2025-11-26T08:00:08.000Z",
                     *       "createdAt": "2025-11-26T08:00:03.000Z",
                     *       "event": {
                     *         "type": "recording_task.finished",
                     *         "timestamp": "2025-11-26T08:00:03.000Z",
                     *         "data": {
                     *           "id": "0b5a1c6e-8f3d-4d2a-9c55-2f7e9a1b3c4d",
                     *           "reference": "AP-2025-0042",
                     *           "taxNo": "914403007451947782",
                     *           "nextEntryMarkStatus": "02",
                     *           "status": "completed",
                     *           "invoiceCount": 1,
                     *           "counts": {
                     *             "pending": 0,
                     *             "succeeded": 1,
                     *             "failed": 0
                     *           },
                     *           "error": null,
                     *           "createdAt": "2025-11-26T08:00:00.000Z",
                     *           "finishedAt": "2025-11-26T08:00:03.000Z",
                     *           "href": "/v1/recording-tasks/0b5a1c6e-8f3d-4d2a-9c55-2f7e9a1b3c4d"
                     *         }
                     *       }
                     *     }
                     */
                    "application/json": components["schemas"]["WebhookDelivery"];
                };
            };
            /** @description The request breaks a rule: message names the first problem and how many more there are; details lists them (at most 100), each with its field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 400,
                     *       "requestId": "req-1",
                     *       "code": "VALIDATION_FAILED",
                     *       "message": "invoices[0].invoiceNo: must be 20 digits (数电) or 8 digits (legacy, with invoiceCode)",
                     *       "details": [
                     *         {
                     *           "field": "invoices[0].invoiceNo",
                     *           "rule": "must be 20 digits (数电) or 8 digits (legacy, with invoiceCode)"
                     *         }
                     *       ]
                     *     }
                     */
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description No API key, or an unknown or revoked one (Authorization: Bearer rzk_…) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 401,
                     *       "requestId": "req-1",
                     *       "code": "UNAUTHORIZED",
                     *       "message": "the API key is unknown or revoked"
                     *     }
                     */
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Not found, or not this client's */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 404,
                     *       "requestId": "req-1",
                     *       "code": "TASK_NOT_FOUND",
                     *       "message": "no task 0b5a1c6e-8f3d-4d2a-9c55-2f7e9a1b3c4d"
                     *     }
                     */
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Conflicts with work under way (an invoice in an unfinished task, or the same Idempotency-Key still being stored) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 409,
                     *       "requestId": "req-1",
                     *       "code": "INVOICE_IN_UNFINISHED_TASK",
                     *       "message": "invoice(s) already in unfinished task 0b5a1c6e-8f3d-4d2a-9c55-2f7e9a1b3c4d",
                     *       "taskId": "0b5a1c6e-8f3d-4d2a-9c55-2f7e9a1b3c4d",
                     *       "details": [
                     *         {
                     *           "field": "invoices[0].invoiceNo",
                     *           "rule": "already in unfinished task 0b5a1c6e-8f3d-4d2a-9c55-2f7e9a1b3c4d"
                     *         }
                     *       ]
                     *     }
                     */
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Too many requests from this client; wait for Retry-After seconds */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 429,
                     *       "requestId": "req-1",
                     *       "code": "RATE_LIMITED",
                     *       "message": "rate limit of 600 requests per window exceeded; retry after 1 minute"
                     *     }
                     */
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description A fault of the gateway; nothing internal is shown (see the log by requestId) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 500,
                     *       "requestId": "req-1",
                     *       "code": "INTERNAL",
                     *       "message": "Internal Server Error"
                     *     }
                     */
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description piaozone (UPSTREAM_UNAVAILABLE) or the gateway's own database (DATABASE_UNAVAILABLE, with Retry-After) cannot be reached; nothing was stored, try again later */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 503,
                     *       "requestId": "req-1",
                     *       "code": "UPSTREAM_UNAVAILABLE",
                     *       "message": "piaozone could not be reached or answered garbled; try again later"
                     *     }
                     */
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    listAutoEntryCandidates: {
        parameters: {
            query?: {
                /**
                 * @description 购方纳税人识别号
                 * @example 914403007451947782
                 */
                taxNo?: string;
                standing?: components["schemas"]["AutoEntryStanding"];
                /**
                 * @description The rule's name, unique per client
                 * @example expense-claims-nightly
                 */
                rule?: string;
                /** @example 100 */
                limit?: number;
                /**
                 * @description nextCursor of the previous page
                 * @example WyI5MTQ0MDMwMDc0NTE5NDc3ODIiLCIiLCIyNTQ0MjAwMDAwMDEyMzQ1MDAwMSJd
                 */
                cursor?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Candidates in key order */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "items": [
                     *         {
                     *           "taxNo": "914403007451947782",
                     *           "invoiceNo": "25442000000123450001",
                     *           "invoiceCode": "",
                     *           "standing": "waiting",
                     *           "rule": "expense-claims-nightly",
                     *           "nextRunAt": "2025-11-26T14:00:00.000Z",
                     *           "reasons": [
                     *             "rule expense-claims-nightly takes it at its next run"
                     *           ],
                     *           "taskId": null
                     *         },
                     *         {
                     *           "taxNo": "914403007451947782",
                     *           "invoiceNo": "25442000000123450002",
                     *           "invoiceCode": "",
                     *           "standing": "not_matched",
                     *           "rule": null,
                     *           "nextRunAt": null,
                     *           "reasons": [
                     *             "no enabled rule takes it"
                     *           ],
                     *           "taskId": null,
                     *           "notMatchedBy": {
                     *             "expense-claims-nightly": [
                     *               "source scan is not one of tax_bureau"
                     *             ]
                     *           }
                     *         }
                     *       ],
                     *       "nextCursor": null
                     *     }
                     */
                    "application/json": components["schemas"]["AutoEntryCandidateList"];
                };
            };
            /** @description The request breaks a rule: message names the first problem and how many more there are; details lists them (at most 100), each with its field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 400,
                     *       "requestId": "req-1",
                     *       "code": "VALIDATION_FAILED",
                     *       "message": "invoices[0].invoiceNo: must be 20 digits (数电) or 8 digits (legacy, with invoiceCode)",
                     *       "details": [
                     *         {
                     *           "field": "invoices[0].invoiceNo",
                     *           "rule": "must be 20 digits (数电) or 8 digits (legacy, with invoiceCode)"
                     *         }
                     *       ]
                     *     }
                     */
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description No API key, or an unknown or revoked one (Authorization: Bearer rzk_…) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 401,
                     *       "requestId": "req-1",
                     *       "code": "UNAUTHORIZED",
                     *       "message": "the API key is unknown or revoked"
                     *     }
                     */
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description This client may not act for that tax number */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 403,
                     *       "requestId": "req-1",
                     *       "code": "FORBIDDEN",
                     *       "message": "this client may not act for tax number 91440300591872133B",
                     *       "details": [
                     *         {
                     *           "field": "taxNo",
                     *           "rule": "must be one of this client's tax numbers: 914403007451947782"
                     *         }
                     *       ]
                     *     }
                     */
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Too many requests from this client; wait for Retry-After seconds */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 429,
                     *       "requestId": "req-1",
                     *       "code": "RATE_LIMITED",
                     *       "message": "rate limit of 600 requests per window exceeded; retry after 1 minute"
                     *     }
                     */
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description A fault of the gateway; nothing internal is shown (see the log by requestId) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 500,
                     *       "requestId": "req-1",
                     *       "code": "INTERNAL",
                     *       "message": "Internal Server Error"
                     *     }
                     */
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description piaozone (UPSTREAM_UNAVAILABLE) or the gateway's own database (DATABASE_UNAVAILABLE, with Retry-After) cannot be reached; nothing was stored, try again later */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 503,
                     *       "requestId": "req-1",
                     *       "code": "UPSTREAM_UNAVAILABLE",
                     *       "message": "piaozone could not be reached or answered garbled; try again later"
                     *     }
                     */
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    putAutoEntryCandidates: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "taxNo": "914403007451947782",
                 *       "invoices": [
                 *         {
                 *           "invoiceNo": "25442000000123450001",
                 *           "invoiceType": "81",
                 *           "issueDate": "20251103",
                 *           "source": "tax_bureau",
                 *           "document": {
                 *             "type": "expense_claim",
                 *             "number": "BX-2025-1103",
                 *             "status": "approved"
                 *           },
                 *           "voucher": {
                 *             "number": "记-0321",
                 *             "period": "202511",
                 *             "date": "20251120"
                 *           },
                 *           "amount": 1280.5
                 *         }
                 *       ]
                 *     }
                 */
                "application/json": components["schemas"]["AutoEntryCandidatesRequest"];
            };
        };
        responses: {
            /** @description Each invoice as stored, and where it stands now */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "items": [
                     *         {
                     *           "taxNo": "914403007451947782",
                     *           "invoiceNo": "25442000000123450001",
                     *           "invoiceCode": "",
                     *           "standing": "waiting",
                     *           "rule": "expense-claims-nightly",
                     *           "nextRunAt": "2025-11-26T14:00:00.000Z",
                     *           "reasons": [
                     *             "rule expense-claims-nightly takes it at its next run"
                     *           ],
                     *           "taskId": null,
                     *           "created": true
                     *         },
                     *         {
                     *           "taxNo": "914403007451947782",
                     *           "invoiceNo": "25442000000123450002",
                     *           "invoiceCode": "",
                     *           "standing": "not_matched",
                     *           "rule": null,
                     *           "nextRunAt": null,
                     *           "reasons": [
                     *             "no enabled rule takes it"
                     *           ],
                     *           "taskId": null,
                     *           "notMatchedBy": {
                     *             "expense-claims-nightly": [
                     *               "source scan is not one of tax_bureau"
                     *             ]
                     *           },
                     *           "created": false
                     *         }
                     *       ]
                     *     }
                     */
                    "application/json": components["schemas"]["AutoEntryCandidatesAnswer"];
                };
            };
            /** @description The request breaks a rule: message names the first problem and how many more there are; details lists them (at most 100), each with its field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 400,
                     *       "requestId": "req-1",
                     *       "code": "VALIDATION_FAILED",
                     *       "message": "invoices[0].invoiceNo: must be 20 digits (数电) or 8 digits (legacy, with invoiceCode)",
                     *       "details": [
                     *         {
                     *           "field": "invoices[0].invoiceNo",
                     *           "rule": "must be 20 digits (数电) or 8 digits (legacy, with invoiceCode)"
                     *         }
                     *       ]
                     *     }
                     */
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description No API key, or an unknown or revoked one (Authorization: Bearer rzk_…) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 401,
                     *       "requestId": "req-1",
                     *       "code": "UNAUTHORIZED",
                     *       "message": "the API key is unknown or revoked"
                     *     }
                     */
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description This client may not act for that tax number */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 403,
                     *       "requestId": "req-1",
                     *       "code": "FORBIDDEN",
                     *       "message": "this client may not act for tax number 91440300591872133B",
                     *       "details": [
                     *         {
                     *           "field": "taxNo",
                     *           "rule": "must be one of this client's tax numbers: 914403007451947782"
                     *         }
                     *       ]
                     *     }
                     */
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description The body is larger than 1 MiB */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 413,
                     *       "requestId": "req-1",
                     *       "code": "PAYLOAD_TOO_LARGE",
                     *       "message": "Request body is too large",
                     *       "details": [
                     *         {
                     *           "field": "body",
                     *           "rule": "Request body is too large"
                     *         }
                     *       ]
                     *     }
                     */
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description The body is not sent as Content-Type: application/json */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 415,
                     *       "requestId": "req-1",
                     *       "code": "UNSUPPORTED_MEDIA_TYPE",
                     *       "message": "send the body as JSON with Content-Type: application/json (got text/plain)",
                     *       "details": [
                     *         {
                     *           "field": "header content-type",
                     *           "rule": "must be application/json (got text/plain)"
                     *         }
                     *       ]
                     *     }
                     */
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Too many requests from this client; wait for Retry-After seconds */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 429,
                     *       "requestId": "req-1",
                     *       "code": "RATE_LIMITED",
                     *       "message": "rate limit of 600 requests per window exceeded; retry after 1 minute"
                     *     }
                     */
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description A fault of the gateway; nothing internal is shown (see the log by requestId) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 500,
                     *       "requestId": "req-1",
                     *       "code": "INTERNAL",
                     *       "message": "Internal Server Error"
                     *     }
                     */
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description piaozone (UPSTREAM_UNAVAILABLE) or the gateway's own database (DATABASE_UNAVAILABLE, with Retry-After) cannot be reached; nothing was stored, try again later */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 503,
                     *       "requestId": "req-1",
                     *       "code": "UPSTREAM_UNAVAILABLE",
                     *       "message": "piaozone could not be reached or answered garbled; try again later"
                     *     }
                     */
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    withdrawAutoEntryCandidate: {
        parameters: {
            query: {
                /**
                 * @description 购方纳税人识别号
                 * @example 914403007451947782
                 */
                taxNo: string;
                /** @example  */
                invoiceCode?: string;
            };
            header?: never;
            path: {
                /** @example 25442000000123450001 */
                invoiceNo: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Where a candidate stands, and why */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "taxNo": "914403007451947782",
                     *       "invoiceNo": "25442000000123450001",
                     *       "invoiceCode": "",
                     *       "standing": "withdrawn",
                     *       "rule": null,
                     *       "nextRunAt": null,
                     *       "reasons": [
                     *         "withdrawn: its document was unbound"
                     *       ],
                     *       "taskId": null
                     *     }
                     */
                    "application/json": components["schemas"]["AutoEntryCandidate"];
                };
            };
            /** @description The request breaks a rule: message names the first problem and how many more there are; details lists them (at most 100), each with its field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 400,
                     *       "requestId": "req-1",
                     *       "code": "VALIDATION_FAILED",
                     *       "message": "invoices[0].invoiceNo: must be 20 digits (数电) or 8 digits (legacy, with invoiceCode)",
                     *       "details": [
                     *         {
                     *           "field": "invoices[0].invoiceNo",
                     *           "rule": "must be 20 digits (数电) or 8 digits (legacy, with invoiceCode)"
                     *         }
                     *       ]
                     *     }
                     */
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description No API key, or an unknown or revoked one (Authorization: Bearer rzk_…) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 401,
                     *       "requestId": "req-1",
                     *       "code": "UNAUTHORIZED",
                     *       "message": "the API key is unknown or revoked"
                     *     }
                     */
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description This client may not act for that tax number */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 403,
                     *       "requestId": "req-1",
                     *       "code": "FORBIDDEN",
                     *       "message": "this client may not act for tax number 91440300591872133B",
                     *       "details": [
                     *         {
                     *           "field": "taxNo",
                     *           "rule": "must be one of this client's tax numbers: 914403007451947782"
                     *         }
                     *       ]
                     *     }
                     */
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Not found, or not this client's */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 404,
                     *       "requestId": "req-1",
                     *       "code": "TASK_NOT_FOUND",
                     *       "message": "no task 0b5a1c6e-8f3d-4d2a-9c55-2f7e9a1b3c4d"
                     *     }
                     */
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Conflicts with work under way (an invoice in an unfinished task, or the same Idempotency-Key still being stored) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 409,
                     *       "requestId": "req-1",
                     *       "code": "INVOICE_IN_UNFINISHED_TASK",
                     *       "message": "invoice(s) already in unfinished task 0b5a1c6e-8f3d-4d2a-9c55-2f7e9a1b3c4d",
                     *       "taskId": "0b5a1c6e-8f3d-4d2a-9c55-2f7e9a1b3c4d",
                     *       "details": [
                     *         {
                     *           "field": "invoices[0].invoiceNo",
                     *           "rule": "already in unfinished task 0b5a1c6e-8f3d-4d2a-9c55-2f7e9a1b3c4d"
                     *         }
                     *       ]
                     *     }
                     */
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Too many requests from this client; wait for Retry-After seconds */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 429,
                     *       "requestId": "req-1",
                     *       "code": "RATE_LIMITED",
                     *       "message": "rate limit of 600 requests per window exceeded; retry after 1 minute"
                     *     }
                     */
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description A fault of the gateway; nothing internal is shown (see the log by requestId) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 500,
                     *       "requestId": "req-1",
                     *       "code": "INTERNAL",
                     *       "message": "Internal Server Error"
                     *     }
                     */
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description piaozone (UPSTREAM_UNAVAILABLE) or the gateway's own database (DATABASE_UNAVAILABLE, with Retry-After) cannot be reached; nothing was stored, try again later */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 503,
                     *       "requestId": "req-1",
                     *       "code": "UPSTREAM_UNAVAILABLE",
                     *       "message": "piaozone could not be reached or answered garbled; try again later"
                     *     }
                     */
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    listAutoEntryRules: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Your rules, lower priority first */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "items": [
                     *         {
                     *           "name": "expense-claims-nightly",
                     *           "taxNos": [],
                     *           "enabled": true,
                     *           "priority": 10,
                     *           "match": {
                     *             "sources": [
                     *               "tax_bureau"
                     *             ],
                     *             "documentTypes": [
                     *               "expense_claim"
                     *             ],
                     *             "invoiceTypes": [
                     *               "81",
                     *               "82"
                     *             ],
                     *             "requireVoucher": true
                     *           },
                     *           "action": {
                     *             "nextEntryMarkStatus": "02",
                     *             "recordedPeriod": "voucher",
                     *             "recordedTime": "voucher"
                     *           },
                     *           "schedule": "0 22 * * *",
                     *           "timeZone": "Asia/Shanghai",
                     *           "nextRunAt": "2025-11-26T14:00:00.000Z",
                     *           "createdAt": "2025-11-26T02:00:00.000Z",
                     *           "updatedAt": "2025-11-26T02:00:00.000Z"
                     *         }
                     *       ]
                     *     }
                     */
                    "application/json": components["schemas"]["AutoEntryRuleList"];
                };
            };
            /** @description The request breaks a rule: message names the first problem and how many more there are; details lists them (at most 100), each with its field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 400,
                     *       "requestId": "req-1",
                     *       "code": "VALIDATION_FAILED",
                     *       "message": "invoices[0].invoiceNo: must be 20 digits (数电) or 8 digits (legacy, with invoiceCode)",
                     *       "details": [
                     *         {
                     *           "field": "invoices[0].invoiceNo",
                     *           "rule": "must be 20 digits (数电) or 8 digits (legacy, with invoiceCode)"
                     *         }
                     *       ]
                     *     }
                     */
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description No API key, or an unknown or revoked one (Authorization: Bearer rzk_…) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 401,
                     *       "requestId": "req-1",
                     *       "code": "UNAUTHORIZED",
                     *       "message": "the API key is unknown or revoked"
                     *     }
                     */
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Too many requests from this client; wait for Retry-After seconds */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 429,
                     *       "requestId": "req-1",
                     *       "code": "RATE_LIMITED",
                     *       "message": "rate limit of 600 requests per window exceeded; retry after 1 minute"
                     *     }
                     */
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description A fault of the gateway; nothing internal is shown (see the log by requestId) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 500,
                     *       "requestId": "req-1",
                     *       "code": "INTERNAL",
                     *       "message": "Internal Server Error"
                     *     }
                     */
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description piaozone (UPSTREAM_UNAVAILABLE) or the gateway's own database (DATABASE_UNAVAILABLE, with Retry-After) cannot be reached; nothing was stored, try again later */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 503,
                     *       "requestId": "req-1",
                     *       "code": "UPSTREAM_UNAVAILABLE",
                     *       "message": "piaozone could not be reached or answered garbled; try again later"
                     *     }
                     */
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    getAutoEntryRule: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /**
                 * @description The rule's name, unique per client
                 * @example expense-claims-nightly
                 */
                name: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A rule as stored, and when it runs next */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "name": "expense-claims-nightly",
                     *       "taxNos": [],
                     *       "enabled": true,
                     *       "priority": 10,
                     *       "match": {
                     *         "sources": [
                     *           "tax_bureau"
                     *         ],
                     *         "documentTypes": [
                     *           "expense_claim"
                     *         ],
                     *         "invoiceTypes": [
                     *           "81",
                     *           "82"
                     *         ],
                     *         "requireVoucher": true
                     *       },
                     *       "action": {
                     *         "nextEntryMarkStatus": "02",
                     *         "recordedPeriod": "voucher",
                     *         "recordedTime": "voucher"
                     *       },
                     *       "schedule": "0 22 * * *",
                     *       "timeZone": "Asia/Shanghai",
                     *       "nextRunAt": "2025-11-26T14:00:00.000Z",
                     *       "createdAt": "2025-11-26T02:00:00.000Z",
                     *       "updatedAt": "2025-11-26T02:00:00.000Z"
                     *     }
                     */
                    "application/json": components["schemas"]["AutoEntryRule"];
                };
            };
            /** @description The request breaks a rule: message names the first problem and how many more there are; details lists them (at most 100), each with its field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 400,
                     *       "requestId": "req-1",
                     *       "code": "VALIDATION_FAILED",
                     *       "message": "invoices[0].invoiceNo: must be 20 digits (数电) or 8 digits (legacy, with invoiceCode)",
                     *       "details": [
                     *         {
                     *           "field": "invoices[0].invoiceNo",
                     *           "rule": "must be 20 digits (数电) or 8 digits (legacy, with invoiceCode)"
                     *         }
                     *       ]
                     *     }
                     */
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description No API key, or an unknown or revoked one (Authorization: Bearer rzk_…) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 401,
                     *       "requestId": "req-1",
                     *       "code": "UNAUTHORIZED",
                     *       "message": "the API key is unknown or revoked"
                     *     }
                     */
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Not found, or not this client's */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 404,
                     *       "requestId": "req-1",
                     *       "code": "TASK_NOT_FOUND",
                     *       "message": "no task 0b5a1c6e-8f3d-4d2a-9c55-2f7e9a1b3c4d"
                     *     }
                     */
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Too many requests from this client; wait for Retry-After seconds */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 429,
                     *       "requestId": "req-1",
                     *       "code": "RATE_LIMITED",
                     *       "message": "rate limit of 600 requests per window exceeded; retry after 1 minute"
                     *     }
                     */
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description A fault of the gateway; nothing internal is shown (see the log by requestId) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 500,
                     *       "requestId": "req-1",
                     *       "code": "INTERNAL",
                     *       "message": "Internal Server Error"
                     *     }
                     */
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description piaozone (UPSTREAM_UNAVAILABLE) or the gateway's own database (DATABASE_UNAVAILABLE, with Retry-After) cannot be reached; nothing was stored, try again later */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 503,
                     *       "requestId": "req-1",
                     *       "code": "UPSTREAM_UNAVAILABLE",
                     *       "message": "piaozone could not be reached or answered garbled; try again later"
                     *     }
                     */
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    putAutoEntryRule: {
        parameters: {
            query?: never;
            header?: {
                /**
                 * @description Who in your ERP made the change; kept in the rule's history
                 * @example li.si
                 */
                "x-operator"?: string;
            };
            path: {
                /**
                 * @description The rule's name, unique per client
                 * @example expense-claims-nightly
                 */
                name: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "enabled": true,
                 *       "priority": 10,
                 *       "match": {
                 *         "sources": [
                 *           "tax_bureau"
                 *         ],
                 *         "documentTypes": [
                 *           "expense_claim"
                 *         ],
                 *         "invoiceTypes": [
                 *           "81",
                 *           "82"
                 *         ],
                 *         "requireVoucher": true
                 *       },
                 *       "action": {
                 *         "nextEntryMarkStatus": "02",
                 *         "recordedPeriod": "voucher",
                 *         "recordedTime": "voucher"
                 *       },
                 *       "schedule": "0 22 * * *",
                 *       "timeZone": "Asia/Shanghai"
                 *     }
                 */
                "application/json": components["schemas"]["AutoEntryRuleInput"];
            };
        };
        responses: {
            /** @description A rule as stored, and when it runs next */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "name": "expense-claims-nightly",
                     *       "taxNos": [],
                     *       "enabled": true,
                     *       "priority": 10,
                     *       "match": {
                     *         "sources": [
                     *           "tax_bureau"
                     *         ],
                     *         "documentTypes": [
                     *           "expense_claim"
                     *         ],
                     *         "invoiceTypes": [
                     *           "81",
                     *           "82"
                     *         ],
                     *         "requireVoucher": true
                     *       },
                     *       "action": {
                     *         "nextEntryMarkStatus": "02",
                     *         "recordedPeriod": "voucher",
                     *         "recordedTime": "voucher"
                     *       },
                     *       "schedule": "0 22 * * *",
                     *       "timeZone": "Asia/Shanghai",
                     *       "nextRunAt": "2025-11-26T14:00:00.000Z",
                     *       "createdAt": "2025-11-26T02:00:00.000Z",
                     *       "updatedAt": "2025-11-26T02:00:00.000Z"
                     *     }
                     */
                    "application/json": components["schemas"]["AutoEntryRule"];
                };
            };
            /** @description A rule as stored, and when it runs next */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "name": "expense-claims-nightly",
                     *       "taxNos": [],
                     *       "enabled": true,
                     *       "priority": 10,
                     *       "match": {
                     *         "sources": [
                     *           "tax_bureau"
                     *         ],
                     *         "documentTypes": [
                     *           "expense_claim"
                     *         ],
                     *         "invoiceTypes": [
                     *           "81",
                     *           "82"
                     *         ],
                     *         "requireVoucher": true
                     *       },
                     *       "action": {
                     *         "nextEntryMarkStatus": "02",
                     *         "recordedPeriod": "voucher",
                     *         "recordedTime": "voucher"
                     *       },
                     *       "schedule": "0 22 * * *",
                     *       "timeZone": "Asia/Shanghai",
                     *       "nextRunAt": "2025-11-26T14:00:00.000Z",
                     *       "createdAt": "2025-11-26T02:00:00.000Z",
                     *       "updatedAt": "2025-11-26T02:00:00.000Z"
                     *     }
                     */
                    "application/json": components["schemas"]["AutoEntryRule"];
                };
            };
            /** @description The request breaks a rule: message names the first problem and how many more there are; details lists them (at most 100), each with its field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 400,
                     *       "requestId": "req-1",
                     *       "code": "VALIDATION_FAILED",
                     *       "message": "invoices[0].invoiceNo: must be 20 digits (数电) or 8 digits (legacy, with invoiceCode)",
                     *       "details": [
                     *         {
                     *           "field": "invoices[0].invoiceNo",
                     *           "rule": "must be 20 digits (数电) or 8 digits (legacy, with invoiceCode)"
                     *         }
                     *       ]
                     *     }
                     */
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description No API key, or an unknown or revoked one (Authorization: Bearer rzk_…) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 401,
                     *       "requestId": "req-1",
                     *       "code": "UNAUTHORIZED",
                     *       "message": "the API key is unknown or revoked"
                     *     }
                     */
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description This client may not act for that tax number */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 403,
                     *       "requestId": "req-1",
                     *       "code": "FORBIDDEN",
                     *       "message": "this client may not act for tax number 91440300591872133B",
                     *       "details": [
                     *         {
                     *           "field": "taxNo",
                     *           "rule": "must be one of this client's tax numbers: 914403007451947782"
                     *         }
                     *       ]
                     *     }
                     */
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description The body is not sent as Content-Type: application/json */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 415,
                     *       "requestId": "req-1",
                     *       "code": "UNSUPPORTED_MEDIA_TYPE",
                     *       "message": "send the body as JSON with Content-Type: application/json (got text/plain)",
                     *       "details": [
                     *         {
                     *           "field": "header content-type",
                     *           "rule": "must be application/json (got text/plain)"
                     *         }
                     *       ]
                     *     }
                     */
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Too many requests from this client; wait for Retry-After seconds */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 429,
                     *       "requestId": "req-1",
                     *       "code": "RATE_LIMITED",
                     *       "message": "rate limit of 600 requests per window exceeded; retry after 1 minute"
                     *     }
                     */
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description A fault of the gateway; nothing internal is shown (see the log by requestId) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 500,
                     *       "requestId": "req-1",
                     *       "code": "INTERNAL",
                     *       "message": "Internal Server Error"
                     *     }
                     */
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description piaozone (UPSTREAM_UNAVAILABLE) or the gateway's own database (DATABASE_UNAVAILABLE, with Retry-After) cannot be reached; nothing was stored, try again later */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 503,
                     *       "requestId": "req-1",
                     *       "code": "UPSTREAM_UNAVAILABLE",
                     *       "message": "piaozone could not be reached or answered garbled; try again later"
                     *     }
                     */
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    deleteAutoEntryRule: {
        parameters: {
            query?: never;
            header?: {
                /**
                 * @description Who in your ERP made the change; kept in the rule's history
                 * @example li.si
                 */
                "x-operator"?: string;
            };
            path: {
                /**
                 * @description The rule's name, unique per client
                 * @example expense-claims-nightly
                 */
                name: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A rule as stored, and when it runs next */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "name": "expense-claims-nightly",
                     *       "taxNos": [],
                     *       "enabled": true,
                     *       "priority": 10,
                     *       "match": {
                     *         "sources": [
                     *           "tax_bureau"
                     *         ],
                     *         "documentTypes": [
                     *           "expense_claim"
                     *         ],
                     *         "invoiceTypes": [
                     *           "81",
                     *           "82"
                     *         ],
                     *         "requireVoucher": true
                     *       },
                     *       "action": {
                     *         "nextEntryMarkStatus": "02",
                     *         "recordedPeriod": "voucher",
                     *         "recordedTime": "voucher"
                     *       },
                     *       "schedule": "0 22 * * *",
                     *       "timeZone": "Asia/Shanghai",
                     *       "nextRunAt": "2025-11-26T14:00:00.000Z",
                     *       "createdAt": "2025-11-26T02:00:00.000Z",
                     *       "updatedAt": "2025-11-26T02:00:00.000Z"
                     *     }
                     */
                    "application/json": components["schemas"]["AutoEntryRule"];
                };
            };
            /** @description The request breaks a rule: message names the first problem and how many more there are; details lists them (at most 100), each with its field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 400,
                     *       "requestId": "req-1",
                     *       "code": "VALIDATION_FAILED",
                     *       "message": "invoices[0].invoiceNo: must be 20 digits (数电) or 8 digits (legacy, with invoiceCode)",
                     *       "details": [
                     *         {
                     *           "field": "invoices[0].invoiceNo",
                     *           "rule": "must be 20 digits (数电) or 8 digits (legacy, with invoiceCode)"
                     *         }
                     *       ]
                     *     }
                     */
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description No API key, or an unknown or revoked one (Authorization: Bearer rzk_…) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 401,
                     *       "requestId": "req-1",
                     *       "code": "UNAUTHORIZED",
                     *       "message": "the API key is unknown or revoked"
                     *     }
                     */
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Not found, or not this client's */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 404,
                     *       "requestId": "req-1",
                     *       "code": "TASK_NOT_FOUND",
                     *       "message": "no task 0b5a1c6e-8f3d-4d2a-9c55-2f7e9a1b3c4d"
                     *     }
                     */
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Too many requests from this client; wait for Retry-After seconds */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 429,
                     *       "requestId": "req-1",
                     *       "code": "RATE_LIMITED",
                     *       "message": "rate limit of 600 requests per window exceeded; retry after 1 minute"
                     *     }
                     */
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description A fault of the gateway; nothing internal is shown (see the log by requestId) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 500,
                     *       "requestId": "req-1",
                     *       "code": "INTERNAL",
                     *       "message": "Internal Server Error"
                     *     }
                     */
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description piaozone (UPSTREAM_UNAVAILABLE) or the gateway's own database (DATABASE_UNAVAILABLE, with Retry-After) cannot be reached; nothing was stored, try again later */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 503,
                     *       "requestId": "req-1",
                     *       "code": "UPSTREAM_UNAVAILABLE",
                     *       "message": "piaozone could not be reached or answered garbled; try again later"
                     *     }
                     */
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    getAutoEntryRuleHistory: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /**
                 * @description The rule's name, unique per client
                 * @example expense-claims-nightly
                 */
                name: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Every change, newest first: before and after as set (null before a creation, null after a deletion) */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "items": [
                     *         {
                     *           "operator": "wang.wu",
                     *           "at": "2025-11-27T01:00:00.000Z",
                     *           "before": {
                     *             "taxNos": [],
                     *             "enabled": true,
                     *             "priority": 10,
                     *             "match": {
                     *               "sources": [
                     *                 "tax_bureau"
                     *               ],
                     *               "documentTypes": [
                     *                 "expense_claim"
                     *               ],
                     *               "invoiceTypes": [
                     *                 "81",
                     *                 "82"
                     *               ],
                     *               "requireVoucher": true
                     *             },
                     *             "action": {
                     *               "nextEntryMarkStatus": "02",
                     *               "recordedPeriod": "voucher",
                     *               "recordedTime": "voucher"
                     *             },
                     *             "schedule": "0 22 * * *",
                     *             "timeZone": "Asia/Shanghai"
                     *           },
                     *           "after": {
                     *             "taxNos": [],
                     *             "enabled": true,
                     *             "priority": 20,
                     *             "match": {
                     *               "sources": [
                     *                 "tax_bureau"
                     *               ],
                     *               "documentTypes": [
                     *                 "expense_claim"
                     *               ],
                     *               "invoiceTypes": [
                     *                 "81",
                     *                 "82"
                     *               ],
                     *               "requireVoucher": true
                     *             },
                     *             "action": {
                     *               "nextEntryMarkStatus": "02",
                     *               "recordedPeriod": "voucher",
                     *               "recordedTime": "voucher"
                     *             },
                     *             "schedule": "0 22 * * *",
                     *             "timeZone": "Asia/Shanghai"
                     *           }
                     *         },
                     *         {
                     *           "operator": "li.si",
                     *           "at": "2025-11-26T02:00:00.000Z",
                     *           "before": null,
                     *           "after": {
                     *             "taxNos": [],
                     *             "enabled": true,
                     *             "priority": 10,
                     *             "match": {
                     *               "sources": [
                     *                 "tax_bureau"
                     *               ],
                     *               "documentTypes": [
                     *                 "expense_claim"
                     *               ],
                     *               "invoiceTypes": [
                     *                 "81",
                     *                 "82"
                     *               ],
                     *               "requireVoucher": true
                     *             },
                     *             "action": {
                     *               "nextEntryMarkStatus": "02",
                     *               "recordedPeriod": "voucher",
                     *               "recordedTime": "voucher"
                     *             },
                     *             "schedule": "0 22 * * *",
                     *             "timeZone": "Asia/Shanghai"
                     *           }
                     *         }
                     *       ]
                     *     }
                     */
                    "application/json": components["schemas"]["AutoEntryRuleHistory"];
                };
            };
            /** @description The request breaks a rule: message names the first problem and how many more there are; details lists them (at most 100), each with its field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 400,
                     *       "requestId": "req-1",
                     *       "code": "VALIDATION_FAILED",
                     *       "message": "invoices[0].invoiceNo: must be 20 digits (数电) or 8 digits (legacy, with invoiceCode)",
                     *       "details": [
                     *         {
                     *           "field": "invoices[0].invoiceNo",
                     *           "rule": "must be 20 digits (数电) or 8 digits (legacy, with invoiceCode)"
                     *         }
                     *       ]
                     *     }
                     */
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description No API key, or an unknown or revoked one (Authorization: Bearer rzk_…) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 401,
                     *       "requestId": "req-1",
                     *       "code": "UNAUTHORIZED",
                     *       "message": "the API key is unknown or revoked"
                     *     }
                     */
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Not found, or not this client's */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 404,
                     *       "requestId": "req-1",
                     *       "code": "TASK_NOT_FOUND",
                     *       "message": "no task 0b5a1c6e-8f3d-4d2a-9c55-2f7e9a1b3c4d"
                     *     }
                     */
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Too many requests from this client; wait for Retry-After seconds */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 429,
                     *       "requestId": "req-1",
                     *       "code": "RATE_LIMITED",
                     *       "message": "rate limit of 600 requests per window exceeded; retry after 1 minute"
                     *     }
                     */
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description A fault of the gateway; nothing internal is shown (see the log by requestId) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 500,
                     *       "requestId": "req-1",
                     *       "code": "INTERNAL",
                     *       "message": "Internal Server Error"
                     *     }
                     */
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description piaozone (UPSTREAM_UNAVAILABLE) or the gateway's own database (DATABASE_UNAVAILABLE, with Retry-After) cannot be reached; nothing was stored, try again later */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 503,
                     *       "requestId": "req-1",
                     *       "code": "UPSTREAM_UNAVAILABLE",
                     *       "message": "piaozone could not be reached or answered garbled; try again later"
                     *     }
                     */
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    previewAutoEntryRule: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /**
                 * @description The rule's name, unique per client
                 * @example expense-claims-nightly
                 */
                name: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description What a run now would submit and leave; nothing is written or sent */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "groups": [
                     *         {
                     *           "taxNo": "914403007451947782",
                     *           "nextEntryMarkStatus": "02",
                     *           "recordedPeriod": "202511",
                     *           "count": 1,
                     *           "invoices": [
                     *             {
                     *               "invoiceNo": "25442000000123450001",
                     *               "invoiceCode": "",
                     *               "recordedTime": "20251120",
                     *               "recordedPeriod": "202511"
                     *             }
                     *           ]
                     *         }
                     *       ],
                     *       "counts": {
                     *         "considered": 2,
                     *         "submitted": 1,
                     *         "notMatched": 1,
                     *         "waiting": 0,
                     *         "excluded": {}
                     *       },
                     *       "left": [
                     *         {
                     *           "taxNo": "914403007451947782",
                     *           "invoiceNo": "25442000000123450002",
                     *           "invoiceCode": "",
                     *           "standing": "not_matched",
                     *           "rule": null,
                     *           "nextRunAt": null,
                     *           "reasons": [
                     *             "no enabled rule takes it"
                     *           ],
                     *           "taskId": null,
                     *           "notMatchedBy": {
                     *             "expense-claims-nightly": [
                     *               "source scan is not one of tax_bureau"
                     *             ]
                     *           }
                     *         }
                     *       ]
                     *     }
                     */
                    "application/json": components["schemas"]["AutoEntryPreview"];
                };
            };
            /** @description The request breaks a rule: message names the first problem and how many more there are; details lists them (at most 100), each with its field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 400,
                     *       "requestId": "req-1",
                     *       "code": "VALIDATION_FAILED",
                     *       "message": "invoices[0].invoiceNo: must be 20 digits (数电) or 8 digits (legacy, with invoiceCode)",
                     *       "details": [
                     *         {
                     *           "field": "invoices[0].invoiceNo",
                     *           "rule": "must be 20 digits (数电) or 8 digits (legacy, with invoiceCode)"
                     *         }
                     *       ]
                     *     }
                     */
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description No API key, or an unknown or revoked one (Authorization: Bearer rzk_…) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 401,
                     *       "requestId": "req-1",
                     *       "code": "UNAUTHORIZED",
                     *       "message": "the API key is unknown or revoked"
                     *     }
                     */
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Not found, or not this client's */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 404,
                     *       "requestId": "req-1",
                     *       "code": "TASK_NOT_FOUND",
                     *       "message": "no task 0b5a1c6e-8f3d-4d2a-9c55-2f7e9a1b3c4d"
                     *     }
                     */
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Too many requests from this client; wait for Retry-After seconds */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 429,
                     *       "requestId": "req-1",
                     *       "code": "RATE_LIMITED",
                     *       "message": "rate limit of 600 requests per window exceeded; retry after 1 minute"
                     *     }
                     */
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description A fault of the gateway; nothing internal is shown (see the log by requestId) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 500,
                     *       "requestId": "req-1",
                     *       "code": "INTERNAL",
                     *       "message": "Internal Server Error"
                     *     }
                     */
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description piaozone (UPSTREAM_UNAVAILABLE) or the gateway's own database (DATABASE_UNAVAILABLE, with Retry-After) cannot be reached; nothing was stored, try again later */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 503,
                     *       "requestId": "req-1",
                     *       "code": "UPSTREAM_UNAVAILABLE",
                     *       "message": "piaozone could not be reached or answered garbled; try again later"
                     *     }
                     */
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    runAutoEntryRule: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /**
                 * @description The rule's name, unique per client
                 * @example expense-claims-nightly
                 */
                name: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A run: counts, and its tasks with their outcomes */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "id": "6f1d0c52-3b7a-4c1e-9d3f-0a2b4c6d8e10",
                     *       "rule": "expense-claims-nightly",
                     *       "trigger": "schedule",
                     *       "slot": "2025-11-26T14:00:00.000Z",
                     *       "state": "finished",
                     *       "startedAt": "2025-11-26T14:00:00.120Z",
                     *       "finishedAt": "2025-11-26T14:00:09.500Z",
                     *       "error": null,
                     *       "counts": {
                     *         "considered": 3,
                     *         "submitted": 2,
                     *         "notMatched": 0,
                     *         "waiting": 0,
                     *         "excluded": {
                     *           "red_reversed": 1
                     *         }
                     *       },
                     *       "tasks": [
                     *         {
                     *           "id": "0b5a1c6e-8f3d-4d2a-9c55-2f7e9a1b3c4d",
                     *           "status": "completed",
                     *           "invoiceCount": 2,
                     *           "counts": {
                     *             "pending": 0,
                     *             "succeeded": 2,
                     *             "failed": 0
                     *           }
                     *         }
                     *       ]
                     *     }
                     */
                    "application/json": components["schemas"]["AutoEntryRun"];
                };
            };
            /** @description The request breaks a rule: message names the first problem and how many more there are; details lists them (at most 100), each with its field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 400,
                     *       "requestId": "req-1",
                     *       "code": "VALIDATION_FAILED",
                     *       "message": "invoices[0].invoiceNo: must be 20 digits (数电) or 8 digits (legacy, with invoiceCode)",
                     *       "details": [
                     *         {
                     *           "field": "invoices[0].invoiceNo",
                     *           "rule": "must be 20 digits (数电) or 8 digits (legacy, with invoiceCode)"
                     *         }
                     *       ]
                     *     }
                     */
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description No API key, or an unknown or revoked one (Authorization: Bearer rzk_…) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 401,
                     *       "requestId": "req-1",
                     *       "code": "UNAUTHORIZED",
                     *       "message": "the API key is unknown or revoked"
                     *     }
                     */
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Not found, or not this client's */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 404,
                     *       "requestId": "req-1",
                     *       "code": "TASK_NOT_FOUND",
                     *       "message": "no task 0b5a1c6e-8f3d-4d2a-9c55-2f7e9a1b3c4d"
                     *     }
                     */
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Conflicts with work under way (an invoice in an unfinished task, or the same Idempotency-Key still being stored) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 409,
                     *       "requestId": "req-1",
                     *       "code": "INVOICE_IN_UNFINISHED_TASK",
                     *       "message": "invoice(s) already in unfinished task 0b5a1c6e-8f3d-4d2a-9c55-2f7e9a1b3c4d",
                     *       "taskId": "0b5a1c6e-8f3d-4d2a-9c55-2f7e9a1b3c4d",
                     *       "details": [
                     *         {
                     *           "field": "invoices[0].invoiceNo",
                     *           "rule": "already in unfinished task 0b5a1c6e-8f3d-4d2a-9c55-2f7e9a1b3c4d"
                     *         }
                     *       ]
                     *     }
                     */
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Too many requests from this client; wait for Retry-After seconds */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 429,
                     *       "requestId": "req-1",
                     *       "code": "RATE_LIMITED",
                     *       "message": "rate limit of 600 requests per window exceeded; retry after 1 minute"
                     *     }
                     */
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description A fault of the gateway; nothing internal is shown (see the log by requestId) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 500,
                     *       "requestId": "req-1",
                     *       "code": "INTERNAL",
                     *       "message": "Internal Server Error"
                     *     }
                     */
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description piaozone (UPSTREAM_UNAVAILABLE) or the gateway's own database (DATABASE_UNAVAILABLE, with Retry-After) cannot be reached; nothing was stored, try again later */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 503,
                     *       "requestId": "req-1",
                     *       "code": "UPSTREAM_UNAVAILABLE",
                     *       "message": "piaozone could not be reached or answered garbled; try again later"
                     *     }
                     */
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    listAutoEntryRuns: {
        parameters: {
            query?: {
                /**
                 * @description The rule's name, unique per client
                 * @example expense-claims-nightly
                 */
                rule?: string;
                /** @example 20 */
                limit?: number;
                /**
                 * @description nextCursor of the previous page
                 * @example MjAyNS0xMS0yNlQxNDowMDowMC4xMjBafDZmMWQwYzUyLTNiN2EtNGMxZS05ZDNmLTBhMmI0YzZkOGUxMA
                 */
                cursor?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Runs, newest first */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "items": [
                     *         {
                     *           "id": "6f1d0c52-3b7a-4c1e-9d3f-0a2b4c6d8e10",
                     *           "rule": "expense-claims-nightly",
                     *           "trigger": "schedule",
                     *           "slot": "2025-11-26T14:00:00.000Z",
                     *           "state": "finished",
                     *           "startedAt": "2025-11-26T14:00:00.120Z",
                     *           "finishedAt": "2025-11-26T14:00:09.500Z",
                     *           "error": null,
                     *           "counts": {
                     *             "considered": 3,
                     *             "submitted": 2,
                     *             "notMatched": 0,
                     *             "waiting": 0,
                     *             "excluded": {
                     *               "red_reversed": 1
                     *             }
                     *           }
                     *         }
                     *       ],
                     *       "nextCursor": null
                     *     }
                     */
                    "application/json": components["schemas"]["AutoEntryRunList"];
                };
            };
            /** @description The request breaks a rule: message names the first problem and how many more there are; details lists them (at most 100), each with its field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 400,
                     *       "requestId": "req-1",
                     *       "code": "VALIDATION_FAILED",
                     *       "message": "invoices[0].invoiceNo: must be 20 digits (数电) or 8 digits (legacy, with invoiceCode)",
                     *       "details": [
                     *         {
                     *           "field": "invoices[0].invoiceNo",
                     *           "rule": "must be 20 digits (数电) or 8 digits (legacy, with invoiceCode)"
                     *         }
                     *       ]
                     *     }
                     */
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description No API key, or an unknown or revoked one (Authorization: Bearer rzk_…) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 401,
                     *       "requestId": "req-1",
                     *       "code": "UNAUTHORIZED",
                     *       "message": "the API key is unknown or revoked"
                     *     }
                     */
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Too many requests from this client; wait for Retry-After seconds */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 429,
                     *       "requestId": "req-1",
                     *       "code": "RATE_LIMITED",
                     *       "message": "rate limit of 600 requests per window exceeded; retry after 1 minute"
                     *     }
                     */
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description A fault of the gateway; nothing internal is shown (see the log by requestId) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 500,
                     *       "requestId": "req-1",
                     *       "code": "INTERNAL",
                     *       "message": "Internal Server Error"
                     *     }
                     */
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description piaozone (UPSTREAM_UNAVAILABLE) or the gateway's own database (DATABASE_UNAVAILABLE, with Retry-After) cannot be reached; nothing was stored, try again later */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 503,
                     *       "requestId": "req-1",
                     *       "code": "UPSTREAM_UNAVAILABLE",
                     *       "message": "piaozone could not be reached or answered garbled; try again later"
                     *     }
                     */
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    getAutoEntryRun: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @example 6f1d0c52-3b7a-4c1e-9d3f-0a2b4c6d8e10 */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A run: counts, and its tasks with their outcomes */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "id": "6f1d0c52-3b7a-4c1e-9d3f-0a2b4c6d8e10",
                     *       "rule": "expense-claims-nightly",
                     *       "trigger": "schedule",
                     *       "slot": "2025-11-26T14:00:00.000Z",
                     *       "state": "finished",
                     *       "startedAt": "2025-11-26T14:00:00.120Z",
                     *       "finishedAt": "2025-11-26T14:00:09.500Z",
                     *       "error": null,
                     *       "counts": {
                     *         "considered": 3,
                     *         "submitted": 2,
                     *         "notMatched": 0,
                     *         "waiting": 0,
                     *         "excluded": {
                     *           "red_reversed": 1
                     *         }
                     *       },
                     *       "tasks": [
                     *         {
                     *           "id": "0b5a1c6e-8f3d-4d2a-9c55-2f7e9a1b3c4d",
                     *           "status": "completed",
                     *           "invoiceCount": 2,
                     *           "counts": {
                     *             "pending": 0,
                     *             "succeeded": 2,
                     *             "failed": 0
                     *           }
                     *         }
                     *       ]
                     *     }
                     */
                    "application/json": components["schemas"]["AutoEntryRun"];
                };
            };
            /** @description The request breaks a rule: message names the first problem and how many more there are; details lists them (at most 100), each with its field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 400,
                     *       "requestId": "req-1",
                     *       "code": "VALIDATION_FAILED",
                     *       "message": "invoices[0].invoiceNo: must be 20 digits (数电) or 8 digits (legacy, with invoiceCode)",
                     *       "details": [
                     *         {
                     *           "field": "invoices[0].invoiceNo",
                     *           "rule": "must be 20 digits (数电) or 8 digits (legacy, with invoiceCode)"
                     *         }
                     *       ]
                     *     }
                     */
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description No API key, or an unknown or revoked one (Authorization: Bearer rzk_…) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 401,
                     *       "requestId": "req-1",
                     *       "code": "UNAUTHORIZED",
                     *       "message": "the API key is unknown or revoked"
                     *     }
                     */
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Not found, or not this client's */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 404,
                     *       "requestId": "req-1",
                     *       "code": "TASK_NOT_FOUND",
                     *       "message": "no task 0b5a1c6e-8f3d-4d2a-9c55-2f7e9a1b3c4d"
                     *     }
                     */
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Too many requests from this client; wait for Retry-After seconds */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 429,
                     *       "requestId": "req-1",
                     *       "code": "RATE_LIMITED",
                     *       "message": "rate limit of 600 requests per window exceeded; retry after 1 minute"
                     *     }
                     */
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description A fault of the gateway; nothing internal is shown (see the log by requestId) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 500,
                     *       "requestId": "req-1",
                     *       "code": "INTERNAL",
                     *       "message": "Internal Server Error"
                     *     }
                     */
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description piaozone (UPSTREAM_UNAVAILABLE) or the gateway's own database (DATABASE_UNAVAILABLE, with Retry-After) cannot be reached; nothing was stored, try again later */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 503,
                     *       "requestId": "req-1",
                     *       "code": "UPSTREAM_UNAVAILABLE",
                     *       "message": "piaozone could not be reached or answered garbled; try again later"
                     *     }
                     */
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    webhook_recording_task_finished: {
        parameters: {
            query?: never;
            header: {
                /**
                 * @description The delivery's id: the same on every try and redelivery; deduplicate on it
                 * @example msg_0f6c2b1e9a4d4c7e8b5a3d2c1e0f9a8b
                 */
                "webhook-id": string;
                /**
                 * @description When this try was sent, in Unix seconds; refuse one far from your clock (replays)
                 * @example 1764144003
                 */
                "webhook-timestamp": string;
                /**
                 * @description v1,<base64 of HMAC-SHA256 over `{webhook-id}.{webhook-timestamp}.{body}` with your signing secret (whsec_…, its key base64)>; several, space-separated, while a secret rotates: accept any that verifies
                 * @example v1,K5oZfzN95Z9UVu1EsfQmfVNQhnkZ2pj9o9NDN/H/pI4=
                 */
                "webhook-signature": string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "type": "recording_task.finished",
                 *       "timestamp": "2025-11-26T08:00:03.000Z",
                 *       "data": {
                 *         "id": "0b5a1c6e-8f3d-4d2a-9c55-2f7e9a1b3c4d",
                 *         "reference": "AP-2025-0042",
                 *         "taxNo": "914403007451947782",
                 *         "nextEntryMarkStatus": "02",
                 *         "status": "completed",
                 *         "invoiceCount": 1,
                 *         "counts": {
                 *           "pending": 0,
                 *           "succeeded": 1,
                 *           "failed": 0
                 *         },
                 *         "error": null,
                 *         "createdAt": "2025-11-26T08:00:00.000Z",
                 *         "finishedAt": "2025-11-26T08:00:03.000Z",
                 *         "href": "/v1/recording-tasks/0b5a1c6e-8f3d-4d2a-9c55-2f7e9a1b3c4d"
                 *       }
                 *     }
                 */
                "application/json": components["schemas"]["RecordingTaskEvent"];
            };
        };
        responses: {
            /** @description Any 2xx: delivered */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Any other answer, or none within WEBHOOK_TIMEOUT_MS: tried again with backoff until WEBHOOK_RETRY_FOR_MS, then given up (GET /v1/webhook-deliveries, POST …/redeliver) */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    webhook_recording_task_waiting_tax_login: {
        parameters: {
            query?: never;
            header: {
                /**
                 * @description The delivery's id: the same on every try and redelivery; deduplicate on it
                 * @example msg_0f6c2b1e9a4d4c7e8b5a3d2c1e0f9a8b
                 */
                "webhook-id": string;
                /**
                 * @description When this try was sent, in Unix seconds; refuse one far from your clock (replays)
                 * @example 1764144003
                 */
                "webhook-timestamp": string;
                /**
                 * @description v1,<base64 of HMAC-SHA256 over `{webhook-id}.{webhook-timestamp}.{body}` with your signing secret (whsec_…, its key base64)>; several, space-separated, while a secret rotates: accept any that verifies
                 * @example v1,K5oZfzN95Z9UVu1EsfQmfVNQhnkZ2pj9o9NDN/H/pI4=
                 */
                "webhook-signature": string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "type": "recording_task.waiting_tax_login",
                 *       "timestamp": "2025-11-26T08:00:03.000Z",
                 *       "data": {
                 *         "id": "0b5a1c6e-8f3d-4d2a-9c55-2f7e9a1b3c4d",
                 *         "reference": "AP-2025-0042",
                 *         "taxNo": "914403007451947782",
                 *         "nextEntryMarkStatus": "02",
                 *         "status": "waiting_tax_login",
                 *         "invoiceCount": 1,
                 *         "counts": {
                 *           "pending": 1,
                 *           "succeeded": 0,
                 *           "failed": 0
                 *         },
                 *         "error": null,
                 *         "createdAt": "2025-11-26T08:00:00.000Z",
                 *         "finishedAt": null,
                 *         "href": "/v1/recording-tasks/0b5a1c6e-8f3d-4d2a-9c55-2f7e9a1b3c4d"
                 *       }
                 *     }
                 */
                "application/json": components["schemas"]["RecordingTaskEvent"];
            };
        };
        responses: {
            /** @description Any 2xx: delivered */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Any other answer, or none within WEBHOOK_TIMEOUT_MS: tried again with backoff until WEBHOOK_RETRY_FOR_MS, then given up (GET /v1/webhook-deliveries, POST …/redeliver) */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    webhook_recording_task_stalled: {
        parameters: {
            query?: never;
            header: {
                /**
                 * @description The delivery's id: the same on every try and redelivery; deduplicate on it
                 * @example msg_0f6c2b1e9a4d4c7e8b5a3d2c1e0f9a8b
                 */
                "webhook-id": string;
                /**
                 * @description When this try was sent, in Unix seconds; refuse one far from your clock (replays)
                 * @example 1764144003
                 */
                "webhook-timestamp": string;
                /**
                 * @description v1,<base64 of HMAC-SHA256 over `{webhook-id}.{webhook-timestamp}.{body}` with your signing secret (whsec_…, its key base64)>; several, space-separated, while a secret rotates: accept any that verifies
                 * @example v1,K5oZfzN95Z9UVu1EsfQmfVNQhnkZ2pj9o9NDN/H/pI4=
                 */
                "webhook-signature": string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "type": "recording_task.stalled",
                 *       "timestamp": "2025-11-26T08:00:03.000Z",
                 *       "data": {
                 *         "id": "0b5a1c6e-8f3d-4d2a-9c55-2f7e9a1b3c4d",
                 *         "reference": "AP-2025-0042",
                 *         "taxNo": "914403007451947782",
                 *         "nextEntryMarkStatus": "02",
                 *         "status": "stalled",
                 *         "invoiceCount": 1,
                 *         "counts": {
                 *           "pending": 1,
                 *           "succeeded": 0,
                 *           "failed": 0
                 *         },
                 *         "error": null,
                 *         "createdAt": "2025-11-26T08:00:00.000Z",
                 *         "finishedAt": null,
                 *         "href": "/v1/recording-tasks/0b5a1c6e-8f3d-4d2a-9c55-2f7e9a1b3c4d"
                 *       }
                 *     }
                 */
                "application/json": components["schemas"]["RecordingTaskEvent"];
            };
        };
        responses: {
            /** @description Any 2xx: delivered */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Any other answer, or none within WEBHOOK_TIMEOUT_MS: tried again with backoff until WEBHOOK_RETRY_FOR_MS, then given up (GET /v1/webhook-deliveries, POST …/redeliver) */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    webhook_tax_number_session_lost: {
        parameters: {
            query?: never;
            header: {
                /**
                 * @description The delivery's id: the same on every try and redelivery; deduplicate on it
                 * @example msg_0f6c2b1e9a4d4c7e8b5a3d2c1e0f9a8b
                 */
                "webhook-id": string;
                /**
                 * @description When this try was sent, in Unix seconds; refuse one far from your clock (replays)
                 * @example 1764144003
                 */
                "webhook-timestamp": string;
                /**
                 * @description v1,<base64 of HMAC-SHA256 over `{webhook-id}.{webhook-timestamp}.{body}` with your signing secret (whsec_…, its key base64)>; several, space-separated, while a secret rotates: accept any that verifies
                 * @example v1,K5oZfzN95Z9UVu1EsfQmfVNQhnkZ2pj9o9NDN/H/pI4=
                 */
                "webhook-signature": string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "type": "tax_number.session_lost",
                 *       "timestamp": "2025-11-26T09:15:00.000Z",
                 *       "data": {
                 *         "taxNo": "914403007451947782",
                 *         "account": "default",
                 *         "state": "needs_login",
                 *         "loginWebUrl": null,
                 *         "vendorCode": "0301",
                 *         "vendorMessage": "税局登录已失效，请重新登录",
                 *         "checkedAt": "2025-11-26T09:15:00.000Z",
                 *         "href": "/v1/tax-numbers"
                 *       }
                 *     }
                 */
                "application/json": components["schemas"]["TaxNumberSessionLostEvent"];
            };
        };
        responses: {
            /** @description Any 2xx: delivered */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Any other answer, or none within WEBHOOK_TIMEOUT_MS: tried again with backoff until WEBHOOK_RETRY_FOR_MS, then given up (GET /v1/webhook-deliveries, POST …/redeliver) */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    webhook_auto_entry_run_finished: {
        parameters: {
            query?: never;
            header: {
                /**
                 * @description The delivery's id: the same on every try and redelivery; deduplicate on it
                 * @example msg_0f6c2b1e9a4d4c7e8b5a3d2c1e0f9a8b
                 */
                "webhook-id": string;
                /**
                 * @description When this try was sent, in Unix seconds; refuse one far from your clock (replays)
                 * @example 1764144003
                 */
                "webhook-timestamp": string;
                /**
                 * @description v1,<base64 of HMAC-SHA256 over `{webhook-id}.{webhook-timestamp}.{body}` with your signing secret (whsec_…, its key base64)>; several, space-separated, while a secret rotates: accept any that verifies
                 * @example v1,K5oZfzN95Z9UVu1EsfQmfVNQhnkZ2pj9o9NDN/H/pI4=
                 */
                "webhook-signature": string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "type": "auto_entry.run_finished",
                 *       "timestamp": "2025-11-26T14:00:09.500Z",
                 *       "data": {
                 *         "id": "6f1d0c52-3b7a-4c1e-9d3f-0a2b4c6d8e10",
                 *         "rule": "expense-claims-nightly",
                 *         "trigger": "schedule",
                 *         "slot": "2025-11-26T14:00:00.000Z",
                 *         "counts": {
                 *           "considered": 3,
                 *           "submitted": 2,
                 *           "notMatched": 0,
                 *           "waiting": 0,
                 *           "excluded": {
                 *             "red_reversed": 1
                 *           }
                 *         },
                 *         "tasks": 1,
                 *         "outcomes": {
                 *           "succeeded": 2,
                 *           "failed": 0,
                 *           "pending": 0
                 *         },
                 *         "href": "/v1/auto-entry/runs/6f1d0c52-3b7a-4c1e-9d3f-0a2b4c6d8e10"
                 *       }
                 *     }
                 */
                "application/json": components["schemas"]["AutoEntryRunFinishedEvent"];
            };
        };
        responses: {
            /** @description Any 2xx: delivered */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Any other answer, or none within WEBHOOK_TIMEOUT_MS: tried again with backoff until WEBHOOK_RETRY_FOR_MS, then given up (GET /v1/webhook-deliveries, POST …/redeliver) */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
}
