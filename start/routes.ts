/*
| Core routes. Modules add theirs from their own routes file (see modules/<name>/module.ts).
*/
import router from '@adonisjs/core/services/router'
import { middleware } from '#start/kernel'

const SessionController = () => import('#controllers/session_controller')
const PasswordController = () => import('#controllers/password_controller')
const HomeController = () => import('#controllers/home_controller')
const HealthController = () => import('#controllers/health_controller')
const AboutController = () => import('#controllers/about_controller')

router.get('/health', [HealthController, 'show']).as('health')
router.get('/informazioni', [AboutController, 'show']).as('about')

// The bare route `npm run bench` compares the real pages with (only when benchmarking).
if (process.env.STUDIO_BENCH === '1') {
  router.get('/bench/bare', ({ response }) => response.json({ ok: true }))
}

router
  .group(() => {
    router.get('/login', [SessionController, 'create']).as('login')
    router.post('/login', [SessionController, 'store']).as('login.store')
  })
  .use(middleware.guest())

router.post('/logout', [SessionController, 'destroy']).as('logout').use(middleware.auth())

router
  .group(() => {
    router.get('/profilo/password', [PasswordController, 'edit']).as('password.edit')
    router.post('/profilo/password', [PasswordController, 'update']).as('password.update')
    router.get('/', [HomeController, 'show']).as('home')
  })
  .use([middleware.auth(), middleware.staff()])

await import('#start/routes/patients')
await import('#start/routes/chart')
await import('#start/routes/admin')
await import('#start/routes/jobs')
await import('#start/routes/live')
